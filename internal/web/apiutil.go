package web

import (
	"encoding/json"
	"time"

	"fazhi/internal/calendar"
	"fazhi/internal/ident"
)

func timeMonth(m int) time.Month { return time.Month(m) }

// calendarDay is a day as the API returns it.
type calendarDay struct {
	Date    calendar.Date `json:"date"`
	Workday bool          `json:"workday"`
	Name    string        `json:"name,omitempty"`
	MakeUp  bool          `json:"make_up"`
	Source  string        `json:"source"`
	Reason  string        `json:"reason,omitempty"`
}

func toCalendarDays(days []calendar.Day) []calendarDay {
	out := make([]calendarDay, len(days))
	for i, d := range days {
		out[i] = calendarDay{Date: d.Date, Workday: d.IsWorkday(), Name: d.Name, MakeUp: d.MakeUp, Source: string(d.Source), Reason: d.Reason}
	}
	return out
}

// maskJSONID masks the resident_id field of a record snapshot.
func maskJSONID(snapshot string) string {
	if snapshot == "" {
		return ""
	}
	m := map[string]any{}
	if json.Unmarshal([]byte(snapshot), &m) != nil {
		return ""
	}
	if v, ok := m["resident_id"].(string); ok {
		m["resident_id"] = ident.MaskResidentID(v)
	}
	b, _ := json.Marshal(m)
	return string(b)
}
