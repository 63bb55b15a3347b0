// Package importer is the shared spreadsheet-import kernel of the platform.
//
// Every area (units, people, officers, certificates, documents…) imports
// user spreadsheets the same way:
//
//  1. Read / ReadWith turns an uploaded .csv or .xlsx into a Sheet of trimmed
//     text cells, keeping the row numbers the user sees in Excel/WPS.
//  2. Schema.Map matches the sheet's headers (canonical names, aliases,
//     full-width text, "*" required marks) and yields a Table of Rows.
//  3. The caller validates each Row, collecting problems in a Report
//     (Table.NewReport, Table.CheckRequired, Report.Add), and writes all rows
//     in one transaction only if Report.OK.
//  4. On failure the caller serves Report.WriteCSV / Report.WriteXLSX so the
//     user can fix the file; Schema.TemplateCSV / TemplateXLSX serve the
//     empty import template.
//
// The package never touches a database: validation rules and persistence
// belong to the caller, which keeps this kernel reusable and easy to test.
// User-facing messages are in Chinese (zh-CN).
package importer
