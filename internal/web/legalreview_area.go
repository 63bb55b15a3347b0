package web

// Legal review of major enforcement decisions (issue 7, seed measure 8).
// This file is the area's entry in the shared tables: its routes, pages
// and navigation. The area's owner fills it in.

func (s *Server) legalReviewRoutes() []route { return nil }

var legalReviewPageNames = []string{}

var legalReviewNav = navArea{}
