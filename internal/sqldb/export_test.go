package sqldb

var RedactForTest = redact
