package web

import (
	"strings"

	"fazhi/internal/account"
)

// navArea is one entry of the main navigation: the section a path belongs
// to, the link shown to those who may see it, and the area's sub-navigation.
// Each area declares its own in its file; navAreas lists them in menu order.
type navArea struct {
	Section  string                     // key, e.g. "certs"
	Label    string                     // shown to staff
	Public   string                     // shown to the public and partners; "" = same as Label
	Href     string                     // the link of the main entry
	PublicTo string                     // the link for the public and partners when it differs ("" = Href)
	Prefixes []string                   // path prefixes that belong to the section
	Visible  func(a account.Actor) bool // nil = everyone
	Sub      []navLink                  // sub-navigation (shown inside the section)
	SubLabel string                     // aria-label of the sub-navigation
	SubFor   func(a account.Actor) bool // who sees the sub-navigation; nil = same as Visible
}

// navLink is a link of a sub-navigation.
type navLink struct {
	Href    string
	Label   string
	Visible func(a account.Actor) bool // nil = everyone who sees the section
	// Also marks other paths (prefixes) as belonging to this link.
	Also []string
	// Not lists exact paths that start with Href but belong to a sibling.
	Not []string
}

func anyone(account.Actor) bool            { return true }
func signedInActor(a account.Actor) bool   { return !a.Anonymous() }
func internalActor(a account.Actor) bool   { return a.Internal() }
func publicOrPartner(a account.Actor) bool { return !a.Internal() }
func platformAdmin(a account.Actor) bool   { return a.CanManagePlatform() }

// navAreas is the main navigation in menu order.
func navAreas() []navArea {
	return []navArea{
		{Section: "home", Label: "首页", Href: "/", Prefixes: nil},
		{Section: "units", Label: "单位", Href: "/units", Prefixes: []string{"/units"}, Visible: signedInActor},
		{Section: "people", Label: "人员", Href: "/people", Prefixes: []string{"/people"}, Visible: internalActor},
		normdocNav,
		enforcementNav,
		disclosureNav,
		legalReviewNav,
		transferNav,
		certNav,
		{Section: "verify", Label: "执法证件查验", Href: "/verify", Prefixes: []string{"/verify"}, Visible: publicOrPartner},
		{Section: "rules", Label: "规则表", Public: "法定期限规则表", Href: "/rules", Prefixes: []string{"/rules"}},
		{Section: "calendar", Label: "工作日历", Public: "工作日历与期限计算", Href: "/calendar", Prefixes: []string{"/calendar"}},
		{Section: "imports", Label: "数据导入", Href: "/imports", Prefixes: []string{"/imports"}, Visible: internalActor},
		{Section: "audit", Label: "审计", Href: "/audit", Prefixes: []string{"/audit"}, Visible: platformAdmin},
		{Section: "users", Label: "用户", Href: "/users", Prefixes: []string{"/users"}, Visible: platformAdmin},
	}
}

// certNav is the certificate area's navigation (seed measure 5).
var certNav = navArea{
	Section: "certs", Label: "执法证件", Href: "/certificates", Visible: internalActor,
	Prefixes: []string{"/certificates", "/officers", "/exams", "/reviews", "/anomalies"},
	SubLabel: "执法证件管理",
	Sub: []navLink{
		{Href: "/certificates", Label: "证件", Not: []string{"/certificates/stats"}},
		{Href: "/officers", Label: "执法人员"},
		{Href: "/exams", Label: "资格考试"},
		{Href: "/reviews", Label: "年审"},
		{Href: "/anomalies", Label: "异常清理"},
		{Href: "/certificates/stats", Label: "统计与动态监管"},
	},
}

// menuItem is what the layout renders for one link.
type menuItem struct {
	Href, Label string
	Current     string // "page" on the page itself, "true" inside its section, "" otherwise
}

// menu is the layout's navigation for one request.
type menu struct {
	Section  string
	Main     []menuItem
	Sub      []menuItem
	SubLabel string
}

// buildMenu computes the navigation for an actor on a path.
func buildMenu(a account.Actor, path string) menu {
	var m menu
	areas := navAreas()
	for _, ar := range areas {
		if ar.Section == "" {
			continue // an area not built yet
		}
		if ar.owns(path) {
			m.Section = ar.Section
		}
	}
	if path == "/login" {
		m.Section = "login"
	}
	for _, ar := range areas {
		if ar.Section == "" || (ar.Visible != nil && !ar.Visible(a)) {
			continue
		}
		it := menuItem{Href: ar.Href, Label: ar.Label}
		if !a.Internal() {
			if ar.Public != "" {
				it.Label = ar.Public
			}
			if ar.PublicTo != "" {
				it.Href = ar.PublicTo
			}
		}
		if ar.Section == m.Section {
			m.Sub, m.SubLabel = ar.subMenu(a, path), ar.SubLabel
			// The page itself is marked once: in the sub-navigation when
			// the section has one.
			it.Current = "true"
			if path == it.Href && len(m.Sub) == 0 {
				it.Current = "page"
			}
		}
		m.Main = append(m.Main, it)
	}
	return m
}

func (ar navArea) owns(path string) bool {
	if ar.Section == "home" {
		return path == "/"
	}
	for _, p := range ar.Prefixes {
		if hasPathPrefix(path, p) {
			return true
		}
	}
	return false
}

func (ar navArea) subMenu(a account.Actor, path string) []menuItem {
	show := ar.SubFor
	if show == nil {
		show = ar.Visible
	}
	if len(ar.Sub) == 0 || (show != nil && !show(a)) {
		return nil
	}
	var out []menuItem
	for _, l := range ar.Sub {
		if l.Visible != nil && !l.Visible(a) {
			continue
		}
		out = append(out, menuItem{Href: l.Href, Label: l.Label, Current: l.current(path, ar.Sub)})
	}
	return out
}

// current marks the link of the page itself, or of the sub-section the path
// lies in (the longest matching link wins, so /certificates/stats is not
// also inside /certificates).
func (l navLink) current(path string, siblings []navLink) string {
	if path == l.Href {
		return "page"
	}
	for _, n := range l.Not {
		if hasPathPrefix(path, n) {
			return ""
		}
	}
	for _, s := range siblings {
		if s.Href != l.Href && len(s.Href) > len(l.Href) && hasPathPrefix(path, s.Href) && hasPathPrefix(s.Href, l.Href) {
			return ""
		}
	}
	for _, p := range append([]string{l.Href}, l.Also...) {
		if hasPathPrefix(path, p) {
			return "true"
		}
	}
	return ""
}

// hasPathPrefix reports whether path is prefix or lies below it.
func hasPathPrefix(path, prefix string) bool {
	if prefix == "/" {
		return path == "/"
	}
	return path == prefix || strings.HasPrefix(path, prefix+"/") || strings.HasPrefix(path, prefix+"?")
}
