package store

// Attachments of normative documents, kept in the database so that every
// instance serves them.

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"

	"fazhi/internal/audit"
	"fazhi/internal/normdoc"
)

// AddAttachment stores a file of a document after checking its type by
// content and its size (normdoc.SniffAttachment).
func (s *Store) AddAttachment(ctx context.Context, actor audit.Actor, docID int64, name string, data []byte) (normdoc.Attachment, error) {
	var a normdoc.Attachment
	ctype, name, err := normdoc.SniffAttachment(name, data)
	if err != nil {
		return a, err
	}
	sum := sha256.Sum256(data)
	a = normdoc.Attachment{DocID: docID, Filename: name, ContentType: ctype, Size: len(data), SHA256: hex.EncodeToString(sum[:]),
		UploadedAt: s.now(), UploadedBy: actor.Name}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := s.normdoc(ctx, tx, docID); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO normdoc_attachments (doc_id, filename, content_type, size, sha256, data,
			uploaded_at, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, a.DocID, a.Filename, a.ContentType,
			a.Size, a.SHA256, data, a.UploadedAt, a.UploadedBy).Scan(&a.ID); err != nil {
			return err
		}
		return s.record(ctx, tx, actor, normdoc.RecordKind, docID, "attach", a.Filename, nil, a)
	})
	return a, err
}

const attachmentColumns = `id, doc_id, filename, content_type, size, sha256, uploaded_at, uploaded_by`

func scanAttachment(row interface{ Scan(...any) error }, extra ...any) (normdoc.Attachment, error) {
	var a normdoc.Attachment
	err := row.Scan(append([]any{&a.ID, &a.DocID, &a.Filename, &a.ContentType, &a.Size, &a.SHA256, &a.UploadedAt, &a.UploadedBy},
		extra...)...)
	return a, err
}

// Attachments lists a document's files (without their content).
func (s *Store) Attachments(ctx context.Context, docID int64) ([]normdoc.Attachment, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+attachmentColumns+` FROM normdoc_attachments WHERE doc_id = $1 ORDER BY id`, docID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []normdoc.Attachment
	for rows.Next() {
		a, err := scanAttachment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// AttachmentData returns a file of document docID with its content.
func (s *Store) AttachmentData(ctx context.Context, docID, id int64) (normdoc.Attachment, []byte, error) {
	var data []byte
	a, err := scanAttachment(s.DB.QueryRowContext(ctx, `SELECT `+attachmentColumns+`, data FROM normdoc_attachments
		WHERE id = $1 AND doc_id = $2`, id, docID), &data)
	return a, data, notFound(err, "附件不存在")
}
