package audit

import (
	"errors"
	"testing"
	"time"
)

func chain(n int) []Event {
	prev := Genesis
	var out []Event
	for i := 1; i <= n; i++ {
		e, _ := New(Actor{UserID: 1, Name: "张三"}, "unit", int64(i), Update, "", map[string]int{"v": i}, map[string]int{"v": i + 1})
		e.Seal(int64(i), time.Date(2026, 1, 1, 0, 0, i, 0, time.UTC), prev)
		prev = e.Hash
		out = append(out, e)
	}
	return out
}

func verify(events []Event) error {
	v := NewVerifier()
	for _, e := range events {
		if err := v.Check(e); err != nil {
			return err
		}
	}
	return nil
}

func TestVerify(t *testing.T) {
	for _, tc := range []struct {
		name    string
		tamper  func([]Event) []Event
		wantSeq int64 // 0 = intact
	}{
		{"intact", func(e []Event) []Event { return e }, 0},
		{"altered", func(e []Event) []Event { e[2].After = `{"v":99}`; return e }, 3},
		{"deleted", func(e []Event) []Event { return append(e[:1], e[2:]...) }, 2},
		{"reordered", func(e []Event) []Event { e[1], e[2] = e[2], e[1]; return e }, 2},
		{"renumbered after delete", func(e []Event) []Event {
			e = append(e[:1], e[2:]...)
			for i := range e {
				e[i].Seq = int64(i + 1)
			}
			return e
		}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := verify(tc.tamper(chain(5)))
			if tc.wantSeq == 0 {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				return
			}
			var ce *ChainError
			if !errors.As(err, &ce) || ce.Seq != tc.wantSeq {
				t.Fatalf("err = %v, want break at %d", err, tc.wantSeq)
			}
		})
	}
}
