package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"fazhi/internal/apperr"
	"fazhi/internal/audit"
	"fazhi/internal/org"
)

const personColumns = `p.id, p.name, p.resident_id, p.gender, p.birth_date, p.unit_id, u.name, p.post, p.phone,
	p.status, p.version, p.created_at, p.updated_at`

const personFrom = ` FROM people p JOIN units u ON u.id = p.unit_id`

func scanPerson(row interface{ Scan(...any) error }) (org.Person, error) {
	var p org.Person
	err := row.Scan(&p.ID, &p.Name, &p.ResidentID, &p.Gender, &p.BirthDate, &p.UnitID, &p.UnitName, &p.Post,
		&p.Phone, &p.Status, &p.Version, &p.CreatedAt, &p.UpdatedAt)
	return p, err
}

// Person returns one person.
func (s *Store) Person(ctx context.Context, id int64) (org.Person, error) {
	return s.person(ctx, s.DB, id)
}

func (s *Store) person(ctx context.Context, q querier, id int64) (org.Person, error) {
	p, err := scanPerson(q.QueryRowContext(ctx, `SELECT `+personColumns+personFrom+` WHERE p.id = $1`, id))
	return p, notFound(err, fmt.Sprintf("人员 %d 不存在", id))
}

// PersonFilter selects people for a list.
type PersonFilter struct {
	Query  string // name, post or ID number (exact)
	UnitID int64  // 0 = every unit the caller may see (UnitIDs)
	// UnitIDs restricts the list to these units when non-nil (access scope).
	UnitIDs []int64
	Status  org.PersonStatus
	Sort    string
	Page    Page
}

// People lists people matching f, with the total count.
func (s *Store) People(ctx context.Context, f PersonFilter) ([]org.Person, int, error) {
	where, args := []string{"1=1"}, []any{}
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if q := strings.TrimSpace(f.Query); q != "" {
		like := arg("%" + q + "%")
		where = append(where, fmt.Sprintf("(p.name LIKE %s OR p.post LIKE %s OR p.resident_id = %s)", like, like, arg(strings.ToUpper(q))))
	}
	if f.UnitID != 0 {
		where = append(where, "p.unit_id = "+arg(f.UnitID))
	}
	if f.UnitIDs != nil {
		if len(f.UnitIDs) == 0 {
			return nil, 0, nil
		}
		ids := make([]string, len(f.UnitIDs))
		for i, id := range f.UnitIDs {
			ids[i] = arg(id)
		}
		where = append(where, "p.unit_id IN ("+strings.Join(ids, ",")+")")
	}
	if f.Status != "" {
		where = append(where, "p.status = "+arg(string(f.Status)))
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+personFrom+` WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	order := map[string]string{"name": "p.name, p.id", "unit": "u.sort_order, p.name, p.id", "-updated": "p.updated_at DESC, p.id"}[f.Sort]
	if order == "" {
		order = "u.sort_order, p.id"
	}
	pg := f.Page.Norm()
	rows, err := s.DB.QueryContext(ctx, fmt.Sprintf(`SELECT %s%s WHERE %s ORDER BY %s LIMIT %d OFFSET %d`,
		personColumns, personFrom, cond, order, pg.Limit, pg.Offset), args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []org.Person
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, p)
	}
	return out, total, rows.Err()
}

// CreatePerson validates and stores a new person.
func (s *Store) CreatePerson(ctx context.Context, actor audit.Actor, p *org.Person) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.writer(ctx, tx).createPerson(actor, p) })
}

// UpdatePerson stores changes to a person, refusing a stale version.
func (s *Store) UpdatePerson(ctx context.Context, actor audit.Actor, p *org.Person, reason string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.writer(ctx, tx).updatePerson(actor, p, reason) })
}

func personWriteError(err error) error {
	if !isUnique(err) {
		return err
	}
	var f apperr.Fields
	f.Add("resident_id", "公民身份号码", "该号码已登记在其他人员名下")
	return f.Err()
}
