package normdoc

import (
	"archive/zip"
	"bytes"
	"fmt"
	"path"
	"strings"
	"time"

	"fazhi/internal/apperr"
)

// MaxAttachment bounds one attachment. Attachments live in the database
// (so that every instance serves them); 20 MiB holds a scanned PDF of a
// long document, stays far below PostgreSQL's 1 GB bytea limit and under
// the 32 MiB bound of one request.
const MaxAttachment = 20 << 20

// Attachment is a file of a document: its PDF or Word text.
type Attachment struct {
	ID          int64     `json:"id"`
	DocID       int64     `json:"doc_id"`
	Filename    string    `json:"filename"`
	ContentType string    `json:"content_type"`
	Size        int       `json:"size"`
	SHA256      string    `json:"sha256"`
	UploadedAt  time.Time `json:"uploaded_at"`
	UploadedBy  string    `json:"uploaded_by"`
}

// Content types of the accepted files.
const (
	PDFType  = "application/pdf"
	DOCXType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)

// SniffAttachment decides a file's type by its content, never by its name
// or the browser's claim: a PDF starts with %PDF-; a DOCX is a ZIP package
// holding word/document.xml. It returns the content type and the file
// name with the extension that type has.
func SniffAttachment(name string, data []byte) (string, string, error) {
	var f apperr.Fields
	name = strings.TrimSpace(path.Base(strings.ReplaceAll(name, "\\", "/")))
	if name == "" || name == "." || name == "/" {
		name = "附件"
	}
	switch {
	case len(data) == 0:
		f.Add("file", "附件", "文件为空")
	case len(data) > MaxAttachment:
		f.Add("file", "附件", fmt.Sprintf("文件超过 %d MB", MaxAttachment>>20))
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return PDFType, withExt(name, ".pdf"), nil
	case isDOCX(data):
		return DOCXType, withExt(name, ".docx"), nil
	default:
		f.Add("file", "附件", "只接受 PDF 或 Word（.docx）文件")
	}
	return "", name, f.Err()
}

func isDOCX(data []byte) bool {
	if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return false
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			return true
		}
	}
	return false
}

func withExt(name, ext string) string {
	if strings.EqualFold(path.Ext(name), ext) {
		return name
	}
	return strings.TrimSuffix(name, path.Ext(name)) + ext
}
