package calendar

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// Value stores a date as 'YYYY-MM-DD' text on every engine: it sorts and
// compares correctly as text, and reads back the same everywhere.
func (d Date) Value() (driver.Value, error) { return d.String(), nil }

// Scan reads a date stored as text (or, from a driver that converts it
// for us, as a time).
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case string:
		p, err := ParseDate(v)
		*d = p
		return err
	case []byte:
		p, err := ParseDate(string(v))
		*d = p
		return err
	case time.Time:
		*d = DateOf(v)
		return nil
	}
	return fmt.Errorf("calendar.Date: cannot scan %T", src)
}
