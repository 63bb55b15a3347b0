package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"

	"fazhi/internal/audit"
	"fazhi/internal/ident"
)

// historyEntry is one audit event as a record page shows it: who, when,
// what, and which fields changed from what to what.
type historyEntry struct {
	Event   audit.Event
	Changes []fieldChange
}

type fieldChange struct {
	Field, Before, After string
}

// fieldLabels names record fields in Chinese on history pages.
var fieldLabels = map[string]string{
	"name": "名称", "short_name": "简称", "kind": "类型", "sub_kind": "镇/街道", "parent_id": "上级单位",
	"credit_code": "统一社会信用代码", "enforcement": "执法主体", "successor_id": "承继单位", "abolished_on": "撤销日期",
	"address": "地址", "phone": "电话", "sort_order": "排序", "resident_id": "公民身份号码", "gender": "性别",
	"birth_date": "出生日期", "unit_id": "所在单位", "post": "职务", "status": "状态", "title": "名称", "value": "取值",
	"unit": "单位", "citation": "法律依据", "verification": "核实情况", "jurisdiction": "适用地域",
	"effective_from": "生效日期", "effective_to": "失效日期", "note": "备注", "state": "流程状态",
	"username": "用户名", "display_name": "姓名", "roles": "角色", "disabled": "停用", "Date": "日期", "Kind": "类型",
	"Name": "名称", "Reason": "依据",
}

// ignoredFields never show as changes: bookkeeping, not content.
var ignoredFields = map[string]bool{"version": true, "updated_at": true, "created_at": true, "id": true,
	"unit_name": true, "ID": true}

// history loads a record's events; mask hides fields the viewer may not see.
func (s *Server) history(r *http.Request, kind string, id int64, mask map[string]bool) ([]historyEntry, error) {
	events, err := s.store.History(r.Context(), kind, id)
	if err != nil {
		return nil, err
	}
	out := make([]historyEntry, len(events))
	for i, e := range events {
		out[len(events)-1-i] = historyEntry{Event: e, Changes: diff(e.Before, e.After, mask)}
	}
	return out, nil
}

func diff(before, after string, mask map[string]bool) []fieldChange {
	b, a := decodeSnapshot(before), decodeSnapshot(after)
	keys := map[string]bool{}
	for k := range b {
		keys[k] = true
	}
	for k := range a {
		keys[k] = true
	}
	var out []fieldChange
	for k := range keys {
		if ignoredFields[k] {
			continue
		}
		bv, av := show(b[k]), show(a[k])
		if bv == av {
			continue
		}
		if mask[k] {
			bv, av = ident.MaskResidentID(bv), ident.MaskResidentID(av)
		}
		label := fieldLabels[k]
		if label == "" {
			label = k
		}
		out = append(out, fieldChange{Field: label, Before: bv, After: av})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out
}

func decodeSnapshot(s string) map[string]any {
	m := map[string]any{}
	if s != "" {
		json.Unmarshal([]byte(s), &m)
	}
	return m
}

func show(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case bool:
		if v {
			return "是"
		}
		return "否"
	case float64:
		return fmt.Sprintf("%g", v)
	case string:
		return v
	}
	b, _ := json.Marshal(v)
	return string(b)
}
