// Package workflow is the declarative state machine every area builds on:
// states, transitions, who may fire each, guards, and statutory timers
// whose periods come from the rule table. The store applies a transition
// with optimistic concurrency (a version check) and writes an audit event;
// this package decides whether the transition is allowed at all.
package workflow

import (
	"fmt"
	"slices"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
)

// State is one state of a workflow.
type State struct {
	Name  string
	Label string // Chinese
	Final bool
}

// Timer is a statutory clock: it starts on a transition, runs for the
// period of its rule (as of the start date) and stops on another.
type Timer struct {
	Name    string
	Label   string // Chinese, e.g. "作出处罚决定期限"
	RuleKey string // the rule table row that gives the period and citation
}

// Transition moves an item from one of From to To.
type Transition struct {
	Name  string
	Label string // Chinese, e.g. "立案"
	From  []string
	To    string
	// Roles may fire the transition, within the item's unit (or anywhere
	// for actors who see all units). Empty means any internal user of the unit.
	Roles []account.Role
	// Guard refuses the transition with a reason; it sees the item and
	// whatever the area passes in.
	Guard       func(item Item, input any) error
	StartTimers []string
	StopTimers  []string
	NeedReason  bool
}

// Definition is a complete workflow.
type Definition struct {
	Name        string
	Label       string
	Initial     string
	States      []State
	Transitions []Transition
	Timers      []Timer
	// InitialTimers start when an item enters the initial state.
	InitialTimers []string
}

// Item is a record's place in its workflow.
type Item struct {
	ID         int64
	Workflow   string
	RecordKind string
	RecordID   int64
	UnitID     int64
	Title      string
	State      string
	Version    int
}

// Validate checks that every name a definition uses is defined, so that a
// typo fails at start-up and in tests rather than on a clerk's click.
func (d *Definition) Validate() error {
	if _, ok := d.State(d.Initial); !ok {
		return fmt.Errorf("workflow %s: unknown initial state %q", d.Name, d.Initial)
	}
	for _, t := range d.Transitions {
		for _, s := range append(slices.Clone(t.From), t.To) {
			if _, ok := d.State(s); !ok {
				return fmt.Errorf("workflow %s: transition %s uses unknown state %q", d.Name, t.Name, s)
			}
		}
		for _, name := range append(slices.Clone(t.StartTimers), t.StopTimers...) {
			if _, ok := d.Timer(name); !ok {
				return fmt.Errorf("workflow %s: transition %s uses unknown timer %q", d.Name, t.Name, name)
			}
		}
	}
	for _, name := range d.InitialTimers {
		if _, ok := d.Timer(name); !ok {
			return fmt.Errorf("workflow %s: unknown initial timer %q", d.Name, name)
		}
	}
	return nil
}

// State looks a state up by name.
func (d *Definition) State(name string) (State, bool) {
	for _, s := range d.States {
		if s.Name == name {
			return s, true
		}
	}
	return State{}, false
}

// StateLabel is the Chinese label of a state.
func (d *Definition) StateLabel(name string) string {
	if s, ok := d.State(name); ok {
		return s.Label
	}
	return name
}

// Timer looks a timer up by name.
func (d *Definition) Timer(name string) (Timer, bool) {
	for _, t := range d.Timers {
		if t.Name == name {
			return t, true
		}
	}
	return Timer{}, false
}

// Transition looks a transition up by name.
func (d *Definition) Transition(name string) (Transition, bool) {
	for _, t := range d.Transitions {
		if t.Name == name {
			return t, true
		}
	}
	return Transition{}, false
}

// Available lists the transitions actor may fire on item now (guards not
// evaluated: they may need input the page has not collected yet).
func (d *Definition) Available(item Item, actor account.Actor) []Transition {
	var out []Transition
	for _, t := range d.Transitions {
		if slices.Contains(t.From, item.State) && permitted(t, item, actor) {
			out = append(out, t)
		}
	}
	return out
}

// Check decides whether actor may fire the named transition on item with
// input; the error says why not, in Chinese.
func (d *Definition) Check(item Item, name string, actor account.Actor, reason string, input any) (Transition, error) {
	t, ok := d.Transition(name)
	if !ok {
		return t, apperr.New(apperr.Invalid, fmt.Sprintf("流程“%s”没有“%s”操作", d.Label, name))
	}
	if !slices.Contains(t.From, item.State) {
		return t, apperr.New(apperr.Conflict, fmt.Sprintf("当前状态为“%s”，不能执行“%s”", d.StateLabel(item.State), t.Label))
	}
	if !permitted(t, item, actor) {
		return t, apperr.New(apperr.Forbidden, fmt.Sprintf("您无权执行“%s”", t.Label))
	}
	if t.NeedReason && reason == "" {
		var f apperr.Fields
		f.Add("reason", "理由", "执行“"+t.Label+"”须填写理由")
		return t, f.Err()
	}
	if t.Guard != nil {
		if err := t.Guard(item, input); err != nil {
			return t, err
		}
	}
	return t, nil
}

func permitted(t Transition, item Item, actor account.Actor) bool {
	if actor.Anonymous() {
		return false
	}
	if !actor.SeesAll() && actor.UnitID != item.UnitID {
		return false
	}
	if len(t.Roles) == 0 {
		return actor.Internal()
	}
	return actor.Has(t.Roles...)
}
