package web

// Public penalty disclosure and its full-text search (issue 6, seed measure 4).
// This file is the area's entry in the shared tables: its routes, pages
// and navigation. The area's owner fills it in.

func (s *Server) disclosureRoutes() []route { return nil }

var disclosurePageNames = []string{}

var disclosureNav = navArea{}
