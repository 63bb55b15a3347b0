// Package audit defines the platform's append-only event chain. Every
// create, update, delete and state transition of any record becomes an
// Event; each event's hash covers its content and its predecessor's hash,
// so altering, deleting or reordering any event breaks the chain at a
// point that Verify names.
package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Genesis is the predecessor hash of the first event.
const Genesis = "0000000000000000000000000000000000000000000000000000000000000000"

// Actions common to every record kind. Workflow transitions use
// "transition:<name>".
const (
	Create = "create"
	Update = "update"
	Delete = "delete"
)

// Actor is who causes an event: a signed-in user or the system itself.
type Actor struct {
	UserID int64  // 0 for the system
	Name   string // display name kept in the event, so renames don't rewrite history
	UnitID int64
}

// System is the actor for scheduled jobs, migrations and the demo loader.
var System = Actor{Name: "系统"}

// Event is one entry of the chain.
type Event struct {
	Seq        int64     `json:"seq"`
	At         time.Time `json:"at"`
	ActorID    int64     `json:"actor_id"`
	ActorName  string    `json:"actor_name"`
	UnitID     int64     `json:"unit_id"`
	RecordKind string    `json:"record_kind"`
	RecordID   int64     `json:"record_id"`
	Action     string    `json:"action"`
	Reason     string    `json:"reason"`
	Before     string    `json:"before"` // JSON of the record before, "" on create
	After      string    `json:"after"`  // JSON of the record after, "" on delete
	PrevHash   string    `json:"prev_hash"`
	Hash       string    `json:"hash"`
}

// New builds an event for a change of record (kind, id) from before to
// after; either may be nil.
func New(actor Actor, kind string, id int64, action, reason string, before, after any) (Event, error) {
	b, err := snapshot(before)
	if err != nil {
		return Event{}, err
	}
	a, err := snapshot(after)
	if err != nil {
		return Event{}, err
	}
	return Event{
		ActorID: actor.UserID, ActorName: actor.Name, UnitID: actor.UnitID,
		RecordKind: kind, RecordID: id, Action: action, Reason: reason,
		Before: b, After: a,
	}, nil
}

func snapshot(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("audit snapshot: %w", err)
	}
	return string(b), nil
}

// Seal sets the event's position, time and hash, chaining it to prev.
func (e *Event) Seal(seq int64, at time.Time, prevHash string) {
	e.Seq = seq
	e.At = at.UTC().Truncate(time.Microsecond)
	e.PrevHash = prevHash
	e.Hash = e.ComputeHash()
}

// ComputeHash hashes every field but Hash itself. Fields are joined with
// their lengths so that no two different events hash the same input.
func (e *Event) ComputeHash() string {
	fields := []string{
		strconv.FormatInt(e.Seq, 10),
		e.At.UTC().Format(time.RFC3339Nano),
		strconv.FormatInt(e.ActorID, 10), e.ActorName,
		strconv.FormatInt(e.UnitID, 10),
		e.RecordKind, strconv.FormatInt(e.RecordID, 10),
		e.Action, e.Reason, e.Before, e.After, e.PrevHash,
	}
	var b strings.Builder
	for _, f := range fields {
		b.WriteString(strconv.Itoa(len(f)))
		b.WriteByte(':')
		b.WriteString(f)
		b.WriteByte('|')
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}

// ChainError names the first event where the chain is broken.
type ChainError struct {
	Seq    int64
	Reason string
}

func (e *ChainError) Error() string {
	return fmt.Sprintf("审计链在第 %d 号事件处断裂：%s", e.Seq, e.Reason)
}

// Verifier checks events fed to it in sequence order.
type Verifier struct {
	next     int64
	prevHash string
	Count    int64
}

// NewVerifier starts a verification at the genesis of the chain.
func NewVerifier() *Verifier { return &Verifier{next: 1, prevHash: Genesis} }

// Check verifies the next event. A gap in sequence numbers means an event
// was deleted; a wrong predecessor hash means events were reordered or
// removed; a wrong own hash means the event itself was altered.
func (v *Verifier) Check(e Event) error {
	switch {
	case e.Seq != v.next:
		return &ChainError{Seq: v.next, Reason: fmt.Sprintf("应为第 %d 号事件，实为第 %d 号（事件被删除或顺序被改动）", v.next, e.Seq)}
	case e.PrevHash != v.prevHash:
		return &ChainError{Seq: e.Seq, Reason: "前序哈希不符（事件被删除、插入或重排）"}
	case e.ComputeHash() != e.Hash:
		return &ChainError{Seq: e.Seq, Reason: "事件内容与哈希不符（事件被篡改）"}
	}
	v.next++
	v.prevHash = e.Hash
	v.Count++
	return nil
}

// Head is the hash of the last verified event.
func (v *Verifier) Head() string { return v.prevHash }

// ActionLabel is the Chinese name of an action for history pages.
func ActionLabel(action string) string {
	switch action {
	case Create:
		return "创建"
	case Update:
		return "修改"
	case Delete:
		return "删除"
	}
	if name, ok := strings.CutPrefix(action, "transition:"); ok {
		return "流转：" + name
	}
	return action
}
