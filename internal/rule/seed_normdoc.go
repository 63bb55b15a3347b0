package rule

// normdocDefaults are the area's own rule rows (its owner adds them here).
var normdocDefaults = []seed{}
