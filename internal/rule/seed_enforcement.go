package rule

// enforcementDefaults are the area's own rule rows (its owner adds them here).
var enforcementDefaults = []seed{}
