package web

// disclosureArea is what the area contributes to the shared tests: its rows of
// the permission matrix and sample pages for the render test.
var disclosureArea = areaTest{}
