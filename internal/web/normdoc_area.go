package web

// Normative documents: registry, lifecycle, cleanup campaigns and catalogs (issue 4, seed measures 1 and 3).
// This file is the area's entry in the shared tables: its routes, pages
// and navigation. The area's owner fills it in.

func (s *Server) normdocRoutes() []route { return nil }

var normdocPageNames = []string{}

var normdocNav = navArea{}
