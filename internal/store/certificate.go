package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"fazhi/internal/apperr"
	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/certificate"
)

const certColumns = `c.id, c.number, c.person_id, c.holder_name, c.unit_id, u.name, c.issuer, c.area, c.categories,
	c.power_source, c.issued_on, c.valid_until, c.status, c.status_on, c.status_reason, COALESCE(c.replaces_id, 0),
	COALESCE(c.registration_id, 0), c.version, c.created_at, c.updated_at`

const certFrom = ` FROM certificates c JOIN units u ON u.id = c.unit_id`

func scanCert(row interface{ Scan(...any) error }) (certificate.Certificate, error) {
	var c certificate.Certificate
	var cats string
	err := row.Scan(&c.ID, &c.Number, &c.PersonID, &c.HolderName, &c.UnitID, &c.UnitName, &c.Issuer, &c.Area, &cats,
		&c.PowerSource, &c.IssuedOn, &c.ValidUntil, &c.Status, &c.StatusOn, &c.StatusReason, &c.ReplacesID,
		&c.RegistrationID, &c.Version, &c.CreatedAt, &c.UpdatedAt)
	c.Categories = certificate.SplitCategories(cats)
	return c, err
}

// Certificate returns one certificate.
func (s *Store) Certificate(ctx context.Context, id int64) (certificate.Certificate, error) {
	return s.cert(ctx, s.DB, "c.id = $1", id)
}

// CertificateByNumber finds a certificate by its number.
func (s *Store) CertificateByNumber(ctx context.Context, number string) (certificate.Certificate, error) {
	return s.cert(ctx, s.DB, "c.number = $1", strings.TrimSpace(number))
}

func (s *Store) cert(ctx context.Context, q querier, cond string, arg any) (certificate.Certificate, error) {
	c, err := scanCert(q.QueryRowContext(ctx, `SELECT `+certColumns+certFrom+` WHERE `+cond, arg))
	return c, notFound(err, "证件不存在")
}

// CertFilter selects certificates.
type CertFilter struct {
	Query         string // number or holder name
	UnitID        int64
	UnitIDs       []int64 // access scope; nil = all
	PersonID      int64
	Status        certificate.Status
	ExpiringUntil *calendar.Date // valid certificates expiring on or before this day
	IssuedYear    int
	Sort          string // "" newest issue first, "number", "holder", "unit", "valid_until" (soonest first)
	Page          Page
}

// certOrder maps CertFilter.Sort to the ORDER BY clause.
var certOrder = map[string]string{
	"":            "c.issued_on DESC, c.id DESC",
	"number":      "c.number, c.id",
	"holder":      "c.holder_name, c.id",
	"unit":        "u.sort_order, c.holder_name, c.id",
	"valid_until": "c.status <> 'valid', c.valid_until, c.id", // valid cards first, soonest expiry first
}

// Certificates lists certificates with the total count.
func (s *Store) Certificates(ctx context.Context, f CertFilter) ([]certificate.Certificate, int, error) {
	w := newWhere()
	if q := strings.TrimSpace(f.Query); q != "" {
		w.add("(c.number LIKE ? OR c.holder_name LIKE ?)", "%"+q+"%", "%"+q+"%")
	}
	if f.UnitID != 0 {
		w.add("c.unit_id = ?", f.UnitID)
	}
	if f.PersonID != 0 {
		w.add("c.person_id = ?", f.PersonID)
	}
	if f.Status != "" {
		w.add("c.status = ?", string(f.Status))
	}
	if f.ExpiringUntil != nil {
		w.add("c.status = 'valid' AND c.valid_until <= ?", *f.ExpiringUntil)
	}
	if f.IssuedYear != 0 {
		w.add("c.issued_on LIKE ?", fmt.Sprintf("%04d-%%", f.IssuedYear))
	}
	if !w.in("c.unit_id", f.UnitIDs) {
		return nil, 0, nil
	}
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+certFrom+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	p := f.Page.Norm()
	order, ok := certOrder[f.Sort]
	if !ok {
		order = certOrder[""]
	}
	rows, err := s.DB.QueryContext(ctx, fmt.Sprintf(`SELECT %s%s%s ORDER BY %s LIMIT %d OFFSET %d`,
		certColumns, certFrom, w.sql(), order, p.Limit, p.Offset), w.args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []certificate.Certificate
	for rows.Next() {
		c, err := scanCert(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, c)
	}
	return out, total, rows.Err()
}

// IssueCertificate issues a new certificate. The holder must be an
// officer on the establishment with a qualification (a passed exam)
// covering the issue day and no other active certificate; the number,
// issuer and validity come from the rule table as of the issue day.
func (s *Store) IssueCertificate(ctx context.Context, actor audit.Actor, c *certificate.Certificate) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.writer(ctx, tx).issue(actor, c, 0) })
}

// StatusHistory lists a certificate's statuses by date.
func (s *Store) StatusHistory(ctx context.Context, certID int64) ([]certificate.StatusChange, error) {
	return s.statusHistory(ctx, s.DB, certID)
}

func (s *Store) statusHistory(ctx context.Context, q querier, certID int64) ([]certificate.StatusChange, error) {
	rows, err := q.QueryContext(ctx, `SELECT status, from_date, reason FROM certificate_statuses
		WHERE certificate_id = $1 ORDER BY from_date, id`, certID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []certificate.StatusChange
	for rows.Next() {
		var h certificate.StatusChange
		if err := rows.Scan(&h.Status, &h.From, &h.Reason); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// StatusRequest asks for a status change of a certificate.
type StatusRequest struct {
	Action  certificate.Action
	Version int
	On      calendar.Date // the day the change takes effect
	Reason  string
	// NewUnitID is the unit of the successor certificate for a transfer.
	NewUnitID int64
}

// ChangeStatus applies a status action. Reissue, transfer and renewal void
// the card and issue its successor in the same transaction; the successor
// is returned (nil otherwise).
func (s *Store) ChangeStatus(ctx context.Context, actor audit.Actor, certID int64, req StatusRequest) (*certificate.Certificate, error) {
	return inWriter(ctx, s, func(w *txWriter) (*certificate.Certificate, error) { return w.changeStatus(actor, certID, req) })
}

// successorOf is the new card for a reissue, transfer or renewal.
func successorOf(c certificate.Certificate, req StatusRequest) *certificate.Certificate {
	next := &certificate.Certificate{PersonID: c.PersonID, UnitID: c.UnitID, Area: c.Area, Categories: c.Categories,
		PowerSource: c.PowerSource, IssuedOn: req.On, RegistrationID: c.RegistrationID}
	switch req.Action {
	case certificate.Reissue:
		next.ValidUntil = c.ValidUntil // a replacement card keeps the original validity
	case certificate.Transfer:
		next.UnitID = req.NewUnitID
	}
	return next
}

// Entitled answers the question every area asks: was person entitled to
// act on matter for unit on day d? The reason says why not.
func (s *Store) Entitled(ctx context.Context, personID, unitID int64, matter string, d calendar.Date) (certificate.Entitlement, error) {
	certs, _, err := s.Certificates(ctx, CertFilter{PersonID: personID, Page: Page{Limit: 100}})
	if err != nil {
		return certificate.Entitlement{}, err
	}
	held := make([]certificate.Held, 0, len(certs))
	for _, c := range certs {
		h, err := s.StatusHistory(ctx, c.ID)
		if err != nil {
			return certificate.Entitlement{}, err
		}
		held = append(held, certificate.Held{Certificate: c, History: h})
	}
	return certificate.Entitled(held, unitID, matter, d), nil
}

// Verification is what the public sees of a certificate: never the ID
// number.
type Verification struct {
	Number      string        `json:"number"`
	Valid       bool          `json:"valid"`
	Status      string        `json:"status"`
	Name        string        `json:"name"`
	Unit        string        `json:"unit"`
	Area        string        `json:"area"`
	Categories  []string      `json:"categories"`
	PowerSource string        `json:"power_source"`
	Issuer      string        `json:"issuer"`
	IssuedOn    calendar.Date `json:"issued_on"`
	ValidUntil  calendar.Date `json:"valid_until"`
}

// Verify looks a certificate up for the public, counting lookups per
// address: past the limit per minute (rule certificate.verify_limit) the
// lookup is refused, so numbers cannot be enumerated.
func (s *Store) Verify(ctx context.Context, number, ip string, today calendar.Date) (Verification, error) {
	limit := 30
	if r, err := s.Rule(ctx, "certificate.verify_limit", today); err == nil {
		if n, err := r.Int(); err == nil {
			limit = n
		}
	}
	now := s.now()
	var n int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM verification_hits WHERE ip = $1 AND at > $2`,
		ip, now.Add(-time.Minute)).Scan(&n); err != nil {
		return Verification{}, err
	}
	if n >= limit {
		return Verification{}, apperr.New(apperr.TooMany, "查询过于频繁，请一分钟后再试")
	}
	if _, err := s.DB.ExecContext(ctx, `INSERT INTO verification_hits (ip, at) VALUES ($1, $2)`, ip, now); err != nil {
		return Verification{}, err
	}
	c, err := s.CertificateByNumber(ctx, number)
	if err != nil {
		return Verification{}, apperr.New(apperr.NotFound, "未查到编号为“"+strings.TrimSpace(number)+"”的行政执法证，请核对编号")
	}
	status := c.Status.Label()
	valid := c.Status.Active() && !today.After(c.ValidUntil)
	if c.Status.Active() && !valid {
		status = "已过有效期"
	}
	return Verification{Number: c.Number, Valid: valid, Status: status, Name: c.HolderName, Unit: c.UnitName,
		Area: c.Area, Categories: c.Categories, PowerSource: c.PowerSource.Label(), Issuer: c.Issuer,
		IssuedOn: c.IssuedOn, ValidUntil: c.ValidUntil}, nil
}

// ExpireCertificates moves valid certificates whose validity ended before
// today to expired, each an audited status change dated the day after
// its last valid day. The background job calls it daily; it returns how
// many expired.
func (s *Store) ExpireCertificates(ctx context.Context, today calendar.Date) (int, error) {
	n := 0
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+certColumns+certFrom+` WHERE c.status = 'valid' AND c.valid_until < $1`, today)
		if err != nil {
			return err
		}
		var due []certificate.Certificate
		for rows.Next() {
			c, err := scanCert(rows)
			if err != nil {
				rows.Close()
				return err
			}
			due = append(due, c)
		}
		rows.Close()
		t, _ := certificate.TransitionFor(certificate.Valid, certificate.Expire)
		w := s.writer(ctx, tx)
		for _, c := range due {
			req := StatusRequest{Action: certificate.Expire, Version: c.Version, On: c.ValidUntil.AddDays(1), Reason: "有效期届满"}
			if err := w.setStatus(audit.System, c, t, req); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}
