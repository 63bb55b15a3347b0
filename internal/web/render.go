package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"fazhi/internal/account"
	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/org"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pageNames lists every page; start-up fails if one is missing or broken.
var pageNames = slices.Concat(corePageNames, certPageNames, normdocPageNames, enforcementPageNames,
	disclosurePageNames, legalReviewPageNames, transferPageNames)

var corePageNames = []string{
	"home", "portal", "login", "error", "unit_list", "unit_show", "unit_form", "person_list", "person_show",
	"person_form", "rule_list", "rule_show", "rule_form", "calendar", "import", "audit", "user_list", "user_form",
}

var certPageNames = []string{
	"cert_list", "cert_show", "cert_card", "cert_form", "cert_officer_list", "cert_officer_show", "cert_officer_form",
	"cert_exam_list", "cert_exam_form", "cert_exam_show", "cert_review", "cert_anomaly", "cert_stats", "cert_verify",
}

type pages struct {
	dev bool
	set map[string]*template.Template
}

func loadPages(dev bool) (*pages, error) {
	p := &pages{dev: dev}
	return p, p.parse()
}

func (p *pages) parse() error {
	var src fs.FS = templateFS
	if p.dev {
		src = os.DirFS("internal/web")
	}
	set := map[string]*template.Template{}
	for _, name := range pageNames {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(src, "templates/layout.html", "templates/partials.html", "templates/"+name+".html")
		if err != nil {
			return fmt.Errorf("template %s: %w", name, err)
		}
		set[name] = t
	}
	p.set = set
	return nil
}

// basePage is what the layout needs; every page struct embeds it.
type basePage struct {
	Actor    account.Actor
	UnitName string // the signed-in user's unit, for the header
	CSRF     string
	Path     string
	Flash    string
	Today    calendar.Date
	Version  string // static asset version
}

func (b *basePage) base() *basePage { return b }

// Menu is the navigation for the layout.
func (b *basePage) Menu() menu { return buildMenu(b.Actor, b.Path) }

type page interface{ base() *basePage }

// render writes a page; a template error after output started can only
// be logged.
func (s *Server) render(w http.ResponseWriter, r *http.Request, name string, data page) {
	if s.pages.dev {
		if err := s.pages.parse(); err != nil {
			s.log.Error("template reload", "err", err)
		}
	}
	b := data.base()
	b.Actor = actorOf(r)
	if !b.Actor.Anonymous() {
		if u, err := s.store.Unit(r.Context(), b.Actor.UnitID); err == nil {
			b.UnitName = u.Name
		}
	}
	if sess, ok := sessionOf(r); ok {
		b.CSRF = sess.CSRF
	}
	b.Path = r.URL.Path
	b.Today = calendar.BeijingDate(s.store.Now())
	b.Version = staticVersion
	b.Flash = takeFlash(w, r)
	var buf bytes.Buffer
	if err := s.pages.set[name].Execute(&buf, data); err != nil {
		s.log.Error("render", "page", name, "err", err)
		http.Error(w, "页面渲染失败", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(buf.Bytes())
}

// beijing is China Standard Time; the platform's dates are Beijing dates.
var beijing = calendar.Beijing

const flashCookie = "fazhi_flash"

// flash keeps a one-time message for the next page in a cookie, so that
// whichever instance serves that page shows it.
func flash(w http.ResponseWriter, msg string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: url.QueryEscape(msg), Path: "/", HttpOnly: true, MaxAge: 60, SameSite: http.SameSiteLaxMode})
}

func takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Path: "/", MaxAge: -1})
	msg, _ := url.QueryUnescape(c.Value)
	return msg
}

// staticVersion changes whenever a static file changes, so that browsers
// may cache the files for a long time.
var staticVersion = func() string {
	h := sha256.New()
	fs.WalkDir(staticFS, "static", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := staticFS.ReadFile(path)
			h.Write(b)
		}
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:10]
}()

func staticHandler() http.Handler {
	sub, _ := fs.Sub(staticFS, "static")
	files := http.StripPrefix("/static/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("v") != "" {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		}
		files.ServeHTTP(w, r)
	})
}

var funcs = template.FuncMap{
	"datetime": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(beijing).Format("2006-01-02 15:04")
	},
	"actionLabel": actionName,
	"daysLeft": func(today, due calendar.Date) int {
		return int(due.Time().Sub(today.Time()).Hours() / 24)
	},
	"add":  func(a, b int) int { return a + b },
	"sub":  func(a, b int) int { return a - b },
	"join": strings.Join,
	"query": func(base url.Values, kv ...string) string {
		q := url.Values{}
		for k, v := range base {
			q[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] == "" {
				q.Del(kv[i])
			} else {
				q.Set(kv[i], kv[i+1])
			}
		}
		return q.Encode()
	},
	"roleLabel": func(r account.Role) string { return r.Label() },
	"eventName": eventName,
	// certificates
	"statusBadge": statusBadge,
	"check":       checkMark,
	"pct":         pct,
	"score": func(p *int) string {
		if p == nil {
			return ""
		}
		return strconv.Itoa(*p)
	},
	"deref":        func(p *bool) bool { return p != nil && *p },
	"personStatus": func(s string) string { return org.PersonStatus(s).Label() },
}

// certActions names the audit actions of the certificate records that
// are not create, update, delete or a transition.
var certActions = map[string]string{"training": "记录培训学时", "record": "登记处分或刑事处罚记录", "register": "考试报名",
	"score": "录入成绩", "annual_review": "年审"}

// actionName is an audit action in Chinese.
func actionName(action string) string {
	if name, ok := certActions[action]; ok {
		return name
	}
	if name, ok := normdocActions[action]; ok {
		return name
	}
	if rest, ok := strings.CutPrefix(action, "effect:"); ok {
		return "效力变化：" + rest
	}
	return audit.ActionLabel(action)
}

// eventName is the record's name as its audit snapshot recorded it, so
// that activity lists read "慈溪市统计局" rather than "单位 #24".
func eventName(e audit.Event) string {
	for _, snap := range []string{e.After, e.Before} {
		m := decodeSnapshot(snap)
		for _, k := range []string{"name", "title", "display_name", "Name", "holder_name", "number"} {
			if v, ok := m[k].(string); ok && v != "" {
				return v
			}
		}
	}
	return ""
}
