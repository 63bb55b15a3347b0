package web

// Enforcement: matters, discretion benchmarks, penalty cases, supervision and transfers (issue 5, seed measure 4).
// This file is the area's entry in the shared tables: its routes, pages
// and navigation. The area's owner fills it in.

func (s *Server) enforcementRoutes() []route { return nil }

var enforcementPageNames = []string{}

var enforcementNav = navArea{}
