package web

import (
	"fazhi/internal/disclosure"
	"fazhi/internal/enforcement"
	"fazhi/internal/legalreview"
	"fazhi/internal/normdoc"
	"fazhi/internal/store"
	"fazhi/internal/supervise"
	"fazhi/internal/transfer"
	"fazhi/internal/workflow"
)

// workflowDefs are every area's workflows by name, so that pages listing
// timers of several areas (the dashboard's warnings) can name the clock
// and the state in Chinese.
var workflowDefs = func() map[string]*workflow.Definition {
	m := map[string]*workflow.Definition{}
	for _, d := range []*workflow.Definition{
		enforcement.OrdinaryProcedure, enforcement.SimpleProcedure, transfer.Workflow, supervise.OrderWorkflow,
		normdoc.Lifecycle, legalreview.Flow, legalreview.ApprovalFlow, disclosure.Lifecycle,
	} {
		m[d.Name] = d
	}
	return m
}()

// labelWarnings fills each warning's clock label and replaces its item's
// state code by the state's label, for display.
func labelWarnings(ws []store.Warning) {
	for i := range ws {
		t := &ws[i].Timer
		if t.Item == nil {
			continue
		}
		d := workflowDefs[t.Item.Workflow]
		if d == nil {
			continue
		}
		if tm, ok := d.Timer(t.Name); ok && t.Label == "" {
			t.Label = tm.Label
		}
		item := *t.Item
		item.State = d.StateLabel(item.State)
		t.Item = &item
	}
}
