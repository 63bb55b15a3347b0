package web

import "fazhi/internal/account"

// areaTest is what an area contributes to the shared tests: its rows of the
// permission matrix (TestPermissionMatrix), and sample pages with the
// strings they must show (TestRenderEveryPage).
type areaTest struct {
	matrix     map[string]string
	fullPages  func(a account.Actor) map[string]page
	emptyPages func(a account.Actor) map[string]page
	wantFull   map[string][]string
	wantEmpty  map[string][]string
}

func areaTests() []areaTest {
	return []areaTest{normdocArea, enforcementArea, disclosureArea, legalReviewArea, transferArea}
}

// fullMatrix is the permission matrix of every route.
func fullMatrix() map[string]string {
	m := map[string]string{}
	for k, v := range matrix {
		m[k] = v
	}
	for _, a := range areaTests() {
		for k, v := range a.matrix {
			m[k] = v
		}
	}
	return m
}

func addAreaPages(pages map[string]page, a account.Actor, full bool) {
	for _, ar := range areaTests() {
		fn := ar.emptyPages
		if full {
			fn = ar.fullPages
		}
		if fn == nil {
			continue
		}
		for name, p := range fn(a) {
			pages[name] = p
		}
	}
}

func areaWant(name string, full bool) []string {
	for _, ar := range areaTests() {
		w := ar.wantEmpty
		if full {
			w = ar.wantFull
		}
		if v, ok := w[name]; ok {
			return v
		}
	}
	return nil
}
