package rule

// legalReviewDefaults are the area's own rule rows (its owner adds them here).
var legalReviewDefaults = []seed{}
