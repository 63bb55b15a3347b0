package web

import (
	"fmt"
	"net/http"

	"fazhi/internal/enforcement"
)

// The hand-off from a decided case to the penalty disclosure: the unit
// publishes the decision (masked, indexed, or withheld for a minor) from
// the case page or the API, and the case's disclosure clock stops.

func (s *Server) handleCaseDisclose(w http.ResponseWriter, r *http.Request) error {
	return s.caseWrite(w, r, "disclose", "处罚决定已公示", func(c enforcement.Case) error {
		if err := mustHandle(actorOf(r), c.UnitID); err != nil {
			return err
		}
		_, err := s.store.PublishCaseDisclosure(r.Context(), actorOf(r).Audit(), c.ID)
		return err
	})
}

func (s *Server) apiCaseDisclose(w http.ResponseWriter, r *http.Request) error {
	c, err := s.pathCase(r)
	if err != nil {
		return err
	}
	if err := mustHandle(actorOf(r), c.UnitID); err != nil {
		return err
	}
	rec, err := s.store.PublishCaseDisclosure(r.Context(), actorOf(r).Audit(), c.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/disclosures/%d", rec.ID))
	return writeJSON(w, http.StatusCreated, rec)
}
