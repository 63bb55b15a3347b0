package rule

// disclosureDefaults are the area's own rule rows (its owner adds them here).
var disclosureDefaults = []seed{}
