package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"fazhi/internal/apperr"
	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/org"
)

const unitColumns = `id, name, short_name, kind, sub_kind, COALESCE(parent_id, 0), COALESCE(credit_code, ''),
	enforcement, COALESCE(successor_id, 0), abolished_on, address, phone, sort_order, version, created_at, updated_at`

func scanUnit(row interface{ Scan(...any) error }) (org.Unit, error) {
	var u org.Unit
	var abolished sql.NullString
	err := row.Scan(&u.ID, &u.Name, &u.ShortName, &u.Kind, &u.SubKind, &u.ParentID, &u.CreditCode,
		&u.Enforcement, &u.SuccessorID, &abolished, &u.Address, &u.Phone, &u.SortOrder, &u.Version,
		&u.CreatedAt, &u.UpdatedAt)
	if err != nil {
		return u, err
	}
	if abolished.Valid {
		d, err := calendar.ParseDate(abolished.String)
		if err != nil {
			return u, err
		}
		u.AbolishedOn = &d
	}
	return u, nil
}

func dateOrNil(d *calendar.Date) any {
	if d == nil {
		return nil
	}
	return d.String()
}

// Unit returns one unit.
func (s *Store) Unit(ctx context.Context, id int64) (org.Unit, error) {
	return s.unit(ctx, s.DB, id)
}

func (s *Store) unit(ctx context.Context, q querier, id int64) (org.Unit, error) {
	u, err := scanUnit(q.QueryRowContext(ctx, `SELECT `+unitColumns+` FROM units WHERE id = $1`, id))
	return u, notFound(err, fmt.Sprintf("单位 %d 不存在", id))
}

// UnitByName finds a unit by its exact name.
func (s *Store) UnitByName(ctx context.Context, name string) (org.Unit, error) {
	u, err := scanUnit(s.DB.QueryRowContext(ctx, `SELECT `+unitColumns+` FROM units WHERE name = $1`, name))
	return u, notFound(err, "单位“"+name+"”不存在")
}

// UnitFilter selects units for a list.
type UnitFilter struct {
	Query       string   // part of the name, short name or credit code
	Kind        org.Kind // "" = any
	Enforcement bool     // only enforcement units
	Active      bool     // only units not abolished
	ParentID    int64
	Sort        string // "name", "kind" (default: sort order)
	Page        Page
}

// Units lists units matching f, with the total count.
func (s *Store) Units(ctx context.Context, f UnitFilter) ([]org.Unit, int, error) {
	where, args := []string{"1=1"}, []any{}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", fmt.Sprintf("$%d", len(args))))
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		add("(name LIKE ? OR short_name LIKE ? OR credit_code LIKE ?)", "%"+q+"%")
	}
	if f.Kind != "" {
		add("kind = ?", string(f.Kind))
	}
	if f.Enforcement {
		where = append(where, "enforcement")
	}
	if f.Active {
		where = append(where, "abolished_on IS NULL")
	}
	if f.ParentID != 0 {
		add("parent_id = ?", f.ParentID)
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM units WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	order := map[string]string{"name": "name", "kind": "kind, sort_order, id", "-updated": "updated_at DESC, id"}[f.Sort]
	if order == "" {
		order = "sort_order, id"
	}
	p := f.Page.Norm()
	rows, err := s.DB.QueryContext(ctx, fmt.Sprintf(`SELECT %s FROM units WHERE %s ORDER BY %s LIMIT %d OFFSET %d`,
		unitColumns, cond, order, p.Limit, p.Offset), args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []org.Unit
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, u)
	}
	return out, total, rows.Err()
}

// CreateUnit validates and stores a new unit.
func (s *Store) CreateUnit(ctx context.Context, actor audit.Actor, u *org.Unit) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.createUnit(ctx, tx, actor, u) })
}

func (s *Store) createUnit(ctx context.Context, tx *sql.Tx, actor audit.Actor, u *org.Unit) error {
	u.Normalize()
	if err := u.Validate(); err != nil {
		return err
	}
	if err := s.checkUnitRefs(ctx, tx, u); err != nil {
		return err
	}
	now := s.now()
	u.CreatedAt, u.UpdatedAt, u.Version = now, now, 1
	err := tx.QueryRowContext(ctx, `INSERT INTO units (name, short_name, kind, sub_kind, parent_id, credit_code,
		enforcement, successor_id, abolished_on, address, phone, sort_order, version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13, $13) RETURNING id`,
		u.Name, u.ShortName, string(u.Kind), u.SubKind, nullInt(u.ParentID), nullStr(u.CreditCode), u.Enforcement,
		nullInt(u.SuccessorID), dateOrNil(u.AbolishedOn), u.Address, u.Phone, u.SortOrder, now).Scan(&u.ID)
	if err != nil {
		return unitWriteError(err, u)
	}
	return s.record(ctx, tx, actor, "unit", u.ID, audit.Create, "", nil, u)
}

// UpdateUnit stores changes to a unit. u.Version must be the version the
// user saw; if someone saved first, the update is refused as a conflict.
func (s *Store) UpdateUnit(ctx context.Context, actor audit.Actor, u *org.Unit, reason string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := s.unit(ctx, tx, u.ID)
		if err != nil {
			return err
		}
		u.Normalize()
		if err := u.Validate(); err != nil {
			return err
		}
		if err := s.checkUnitRefs(ctx, tx, u); err != nil {
			return err
		}
		u.CreatedAt, u.UpdatedAt = before.CreatedAt, s.now()
		res, err := tx.ExecContext(ctx, `UPDATE units SET name=$1, short_name=$2, kind=$3, sub_kind=$4, parent_id=$5,
			credit_code=$6, enforcement=$7, successor_id=$8, abolished_on=$9, address=$10, phone=$11, sort_order=$12,
			version=version+1, updated_at=$13 WHERE id=$14 AND version=$15`,
			u.Name, u.ShortName, string(u.Kind), u.SubKind, nullInt(u.ParentID), nullStr(u.CreditCode), u.Enforcement,
			nullInt(u.SuccessorID), dateOrNil(u.AbolishedOn), u.Address, u.Phone, u.SortOrder, u.UpdatedAt, u.ID, u.Version)
		if err != nil {
			return unitWriteError(err, u)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return conflict("单位“" + before.Name + "”")
		}
		u.Version++
		return s.record(ctx, tx, actor, "unit", u.ID, audit.Update, reason, before, u)
	})
}

// checkUnitRefs checks the parent and successor exist and that the parent
// chain has no cycle.
func (s *Store) checkUnitRefs(ctx context.Context, q querier, u *org.Unit) error {
	var f apperr.Fields
	if u.ParentID != 0 {
		if err := s.checkNoCycle(ctx, q, u.ID, u.ParentID); err != nil {
			f.Add("parent_id", "上级单位", err.Error())
		}
	}
	if u.SuccessorID != 0 {
		if _, err := s.unit(ctx, q, u.SuccessorID); err != nil {
			f.Add("successor_id", "承继单位", "所选单位不存在")
		}
	}
	return f.Err()
}

func (s *Store) checkNoCycle(ctx context.Context, q querier, self, parent int64) error {
	seen := map[int64]bool{}
	for id := parent; id != 0; {
		if id == self && self != 0 {
			return fmt.Errorf("不能把下级单位设为上级单位")
		}
		if seen[id] {
			return fmt.Errorf("上级单位关系存在循环")
		}
		seen[id] = true
		var next sql.NullInt64
		if err := q.QueryRowContext(ctx, `SELECT parent_id FROM units WHERE id = $1`, id).Scan(&next); err != nil {
			return fmt.Errorf("所选上级单位不存在")
		}
		id = next.Int64
	}
	return nil
}

func unitWriteError(err error, u *org.Unit) error {
	if !isUnique(err) {
		return err
	}
	var f apperr.Fields
	if strings.Contains(err.Error(), "credit_code") {
		f.Add("credit_code", "统一社会信用代码", "已被其他单位使用："+u.CreditCode)
	} else {
		f.Add("name", "单位名称", "已存在同名单位："+u.Name)
	}
	return f.Err()
}
