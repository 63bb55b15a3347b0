package web

// The JSON API of normative documents under /api/v1: what the pages do,
// over the same access checks.

import (
	"net/http"
	"strings"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
	"fazhi/internal/normdoc"
	"fazhi/internal/store"
)

// ---------- registry ----------

func (s *Server) apiNormdocList(w http.ResponseWriter, r *http.Request) error {
	f, _, err := s.normdocFilterOf(r)
	if err != nil {
		return err
	}
	docs, total, err := s.store.Normdocs(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[store.NormdocRow]{items(docs), total, f.Page.Limit, f.Page.Offset})
}

// docInput is what the API accepts for a document.
type docInput struct {
	Title          string         `json:"title"`
	Number         string         `json:"number"`
	LeadUnitID     int64          `json:"lead_unit_id"`
	CoIssuerIDs    []int64        `json:"co_issuer_ids"`
	ImplementerID  int64          `json:"implementer_id"`
	ExpiryOn       *calendar.Date `json:"expiry_on"`
	LegalBasis     string         `json:"legal_basis"`
	Subjects       []string       `json:"subjects"`
	ReformTags     []string       `json:"reform_tags"`
	FullText       string         `json:"full_text"`
	PublicationURL string         `json:"publication_url"`
	Version        int            `json:"version"`
	Reason         string         `json:"reason"`
}

// apply writes the input over d; a signed document takes only what may
// still change.
func (in docInput) apply(d normdoc.Document) normdoc.Document {
	d.ImplementerID, d.LegalBasis, d.Subjects, d.ReformTags = in.ImplementerID, in.LegalBasis, in.Subjects, in.ReformTags
	d.FullText, d.PublicationURL, d.Version = in.FullText, in.PublicationURL, in.Version
	if d.ID != 0 && !normdoc.Editable(d.State) {
		return d
	}
	d.Title, d.Number, d.LeadUnitID = in.Title, in.Number, in.LeadUnitID
	d.Issuers = nil
	for _, id := range in.CoIssuerIDs {
		d.Issuers = append(d.Issuers, normdoc.Issuer{UnitID: id})
	}
	d.ExpiryOn, d.ExpiryFixed = in.ExpiryOn, in.ExpiryOn != nil
	return d
}

func (s *Server) apiNormdocCreate(w http.ResponseWriter, r *http.Request) error {
	var in docInput
	if err := decode(r, &in); err != nil {
		return err
	}
	a := actorOf(r)
	if in.LeadUnitID == 0 && !a.SeesAll() {
		in.LeadUnitID = a.UnitID
	}
	d := in.apply(normdoc.Document{})
	if d.LeadUnitID != 0 && !a.CanEditUnitRecords(d.LeadUnitID) {
		var f apperr.Fields
		f.Add("lead_unit_id", "牵头制定单位", "您只能登记本单位牵头制定的文件")
		return f.Err()
	}
	if err := s.store.CreateNormdoc(r.Context(), a.Audit(), &d, s.today()); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, d)
}

func (s *Server) apiNormdocUpdate(w http.ResponseWriter, r *http.Request) error {
	cur, err := s.editableDoc(r)
	if err != nil {
		return err
	}
	var in docInput
	if err := decode(r, &in); err != nil {
		return err
	}
	d := in.apply(cur)
	if a := actorOf(r); !a.CanEditUnitRecords(d.LeadUnitID) {
		var f apperr.Fields
		f.Add("lead_unit_id", "牵头制定单位", "牵头制定单位只能是本单位")
		return f.Err()
	}
	if err := s.store.UpdateNormdoc(r.Context(), actorOf(r).Audit(), &d, strings.TrimSpace(in.Reason)); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, d)
}

// docDetail is one document as the API shows it.
type docDetail struct {
	Document    normdoc.Document        `json:"document"`
	Status      normdoc.Status          `json:"status"`
	StatusLabel string                  `json:"status_label"`
	Timeline    []normdoc.TimelineEntry `json:"timeline"`
	Effects     []normdoc.Effect        `json:"effects"`
	Attachments []normdoc.Attachment    `json:"attachments"`
	Evaluations []store.Evaluation      `json:"evaluations,omitempty"`
	Transitions []string                `json:"transitions,omitempty"`
	LifeVersion int                     `json:"lifecycle_version,omitempty"`
}

func (s *Server) apiNormdocShow(w http.ResponseWriter, r *http.Request) error {
	d, err := s.visibleDoc(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	out := docDetail{Document: d}
	if out.Effects, err = s.store.Effects(ctx, d.ID); err != nil {
		return err
	}
	out.Status = normdoc.StatusAt(d.Dates(), out.Effects, s.today())
	out.StatusLabel = out.Status.Label()
	out.Timeline = items(normdoc.Timeline(d.Dates(), out.Effects))
	out.Effects = items(out.Effects)
	if out.Attachments, err = s.store.Attachments(ctx, d.ID); err != nil {
		return err
	}
	out.Attachments = items(out.Attachments)
	if out.Evaluations, err = s.store.Evaluations(ctx, store.EvaluationFilter{DocID: d.ID}); err != nil {
		return err
	}
	if it, err := s.store.Item(ctx, normdoc.RecordKind, d.ID); err == nil {
		out.LifeVersion = it.Version
		for _, t := range normdoc.Lifecycle.Available(it, actorOf(r)) {
			if !normdoc.IsLedgerTransition(t.Name) {
				out.Transitions = append(out.Transitions, t.Name)
			}
		}
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiNormdocTransition(w http.ResponseWriter, r *http.Request) error {
	d, err := s.visibleDoc(r)
	if err != nil {
		return err
	}
	var in struct {
		Name           string         `json:"name"`
		Version        int            `json:"version"`
		Reason         string         `json:"reason"`
		On             calendar.Date  `json:"on"`
		Number         string         `json:"number"`
		EffectiveOn    *calendar.Date `json:"effective_on"`
		PublicationURL string         `json:"publication_url"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	var f apperr.Fields
	if in.Name == "" {
		f.Add("name", "操作", "必填项为空")
	}
	if in.On.IsZero() {
		in.On = s.today()
	}
	if err := f.Err(); err != nil {
		return err
	}
	got, err := s.store.FireNormdoc(r.Context(), actorOf(r), d.ID, in.Name, in.Version, strings.TrimSpace(in.Reason),
		store.FireInput{Number: in.Number, EffectiveOn: in.EffectiveOn, PublicationURL: in.PublicationURL}, in.On)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, got)
}

func (s *Server) apiNormdocEffect(w http.ResponseWriter, r *http.Request) error {
	d, err := s.visibleDoc(r)
	if err != nil {
		return err
	}
	var in struct {
		Kind           normdoc.EffectKind `json:"kind"`
		EffectiveOn    calendar.Date      `json:"effective_on"`
		AffectingID    int64              `json:"affecting_id"`
		DecisionNumber string             `json:"decision_number"`
		NewExpiry      *calendar.Date     `json:"new_expiry"`
		Note           string             `json:"note"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	e := normdoc.Effect{Kind: in.Kind, DocID: d.ID, EffectiveOn: in.EffectiveOn, AffectingID: in.AffectingID,
		DecisionNumber: in.DecisionNumber, NewExpiry: in.NewExpiry, Note: in.Note}
	if err := s.store.AddEffect(r.Context(), actorOf(r).Audit(), &e, s.today()); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, e)
}

func (s *Server) apiNormdocAttach(w http.ResponseWriter, r *http.Request) error {
	d, err := s.editableDoc(r)
	if err != nil {
		return err
	}
	name, data, err := uploadedFile(r)
	if err != nil {
		return err
	}
	a, err := s.store.AddAttachment(r.Context(), actorOf(r).Audit(), d.ID, name, data)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, a)
}

func (s *Server) apiNormdocEvaluate(w http.ResponseWriter, r *http.Request) error {
	d, err := s.visibleDoc(r)
	if err != nil {
		return err
	}
	var in struct {
		Outcome normdoc.Outcome `json:"outcome"`
		On      calendar.Date   `json:"on"`
		Number  string          `json:"number"`
		Note    string          `json:"note"`
		Version int             `json:"version"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	evs, err := s.store.Evaluations(r.Context(), store.EvaluationFilter{DocID: d.ID, State: store.EvalOpen})
	if err != nil {
		return err
	}
	if len(evs) == 0 {
		return apperr.New(apperr.Conflict, "该文件当前没有待评估的任务")
	}
	if a := actorOf(r); !a.CanEditUnitRecords(evs[0].UnitID) {
		return apperr.New(apperr.Forbidden, "评估由"+evs[0].UnitName+"负责")
	}
	ev, err := s.store.DecideEvaluation(r.Context(), actorOf(r).Audit(), evs[0].ID, store.EvaluationDecision{Outcome: in.Outcome,
		On: in.On, Number: in.Number, Note: in.Note, Version: in.Version}, s.today())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, ev)
}

func (s *Server) apiNormdocEvaluations(w http.ResponseWriter, r *http.Request) error {
	evs, err := s.store.Evaluations(r.Context(), store.EvaluationFilter{UnitIDs: actorOf(r).Scope(), State: r.URL.Query().Get("state"),
		Limit: 500})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[store.Evaluation]{items(evs), len(evs), 500, 0})
}

func (s *Server) apiNormdocStats(w http.ResponseWriter, r *http.Request) error {
	p, err := s.normdocStats(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"from": p.From, "to": p.To, "totals": p.Totals,
		"campaigns": items(p.Campaigns), "years": items(p.ByYear)})
}

// ---------- cleanups ----------

func (s *Server) apiCleanupList(w http.ResponseWriter, r *http.Request) error {
	f := store.CampaignFilter{UnitIDs: actorOf(r).Scope(), State: normdoc.CampaignState(r.URL.Query().Get("state")), Page: pageOf(r)}
	rows, total, err := s.store.Campaigns(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[store.CampaignRow]{items(rows), total, f.Page.Limit, f.Page.Offset})
}

func (s *Server) apiCleanupCreate(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Name     string               `json:"name"`
		Kind     normdoc.CampaignKind `json:"kind"`
		Basis    string               `json:"basis"`
		Scope    normdoc.Scope        `json:"scope"`
		Deadline calendar.Date        `json:"deadline"`
		Note     string               `json:"note"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	c := normdoc.Campaign{Name: in.Name, Kind: in.Kind, Basis: in.Basis, Scope: in.Scope, Deadline: in.Deadline, Note: in.Note}
	if err := s.store.CreateCampaign(r.Context(), actorOf(r).Audit(), &c); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, c)
}

func (s *Server) apiCleanupShow(w http.ResponseWriter, r *http.Request) error {
	c, err := s.visibleCampaign(r)
	if err != nil {
		return err
	}
	progress, tot, err := s.store.CampaignProgress(r.Context(), c.ID, actorOf(r).Scope(), s.today())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"campaign": c, "units": items(progress), "totals": tot})
}

func (s *Server) apiCleanupItems(w http.ResponseWriter, r *http.Request) error {
	c, err := s.visibleCampaign(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := store.ItemFilter{CampaignID: c.ID, UnitID: queryInt(r, "unit_id"), UnitIDs: actorOf(r).Scope(),
		State: normdoc.ItemState(q.Get("state")), Outcome: normdoc.Outcome(q.Get("outcome")), Query: q.Get("q"), Page: pageOf(r)}
	rows, total, err := s.store.CleanupItems(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[store.CleanupItem]{items(rows), total, f.Page.Limit, f.Page.Offset})
}

func (s *Server) apiCleanupLaunch(w http.ResponseWriter, r *http.Request) error {
	c, err := s.visibleCampaign(r)
	if err != nil {
		return err
	}
	var in struct {
		Version int           `json:"version"`
		On      calendar.Date `json:"on"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	if in.On.IsZero() {
		in.On = s.today()
	}
	n, err := s.store.LaunchCampaign(r.Context(), actorOf(r).Audit(), c.ID, in.Version, in.On)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"items": n})
}

func (s *Server) apiCleanupPropose(w http.ResponseWriter, r *http.Request) error {
	c, err := s.visibleCampaign(r)
	if err != nil {
		return err
	}
	var in struct {
		Items   []store.ItemRef `json:"items"`
		Outcome normdoc.Outcome `json:"outcome"`
		Reason  string          `json:"reason"`
		Detail  string          `json:"detail"`
		Clause  string          `json:"clause"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	if len(in.Items) == 0 {
		var f apperr.Fields
		f.Add("items", "清理事项", "请至少选择一件")
		return f.Err()
	}
	if err := s.checkItemUnits(r, in.Items); err != nil {
		return err
	}
	n, err := s.store.SubmitProposals(r.Context(), actorOf(r).Audit(), c.ID, in.Items, normdoc.Proposal{Outcome: in.Outcome,
		Reason: in.Reason, Detail: in.Detail, Clause: in.Clause}, s.today())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"submitted": n})
}

func (s *Server) apiCleanupReview(w http.ResponseWriter, r *http.Request) error {
	c, err := s.visibleCampaign(r)
	if err != nil {
		return err
	}
	var in struct {
		Items   []store.ItemRef `json:"items"`
		Approve bool            `json:"approve"`
		Comment string          `json:"comment"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	n, err := s.store.ReviewItems(r.Context(), actorOf(r).Audit(), c.ID, in.Items, in.Approve, in.Comment, s.today())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"reviewed": n})
}

func (s *Server) apiCleanupDecide(w http.ResponseWriter, r *http.Request) error {
	c, err := s.visibleCampaign(r)
	if err != nil {
		return err
	}
	var in struct {
		Version        int           `json:"version"`
		DecisionNumber string        `json:"decision_number"`
		DecidedOn      calendar.Date `json:"decided_on"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	c, err = s.store.DecideCampaign(r.Context(), actorOf(r).Audit(), c.ID, in.Version, in.DecisionNumber, in.DecidedOn, s.today())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

// ---------- catalogs ----------

func (s *Server) apiCatalogList(w http.ResponseWriter, r *http.Request) error {
	p := pageOf(r)
	pubs, total, err := s.store.Publications(r.Context(), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[normdoc.Publication]{items(pubs), total, p.Limit, p.Offset})
}

func (s *Server) apiCatalogPublish(w http.ResponseWriter, r *http.Request) error {
	var p normdoc.Publication
	var in struct {
		Title       string         `json:"title"`
		AsOf        calendar.Date  `json:"as_of"`
		Since       *calendar.Date `json:"since"`
		PublishedOn calendar.Date  `json:"published_on"`
		CampaignID  int64          `json:"campaign_id"`
		URL         string         `json:"url"`
		Note        string         `json:"note"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	p = normdoc.Publication{Title: in.Title, AsOf: in.AsOf, Since: in.Since, PublishedOn: in.PublishedOn, CampaignID: in.CampaignID,
		URL: in.URL, Note: in.Note}
	if err := s.store.PublishCatalogs(r.Context(), actorOf(r).Audit(), &p); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, p)
}

func (s *Server) apiCatalogShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	pub, err := s.store.Publication(r.Context(), id)
	if err != nil {
		return err
	}
	f, _, _, err := s.entryFilterOf(r, pub.ID)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("catalog") == "" {
		f.Catalog = ""
	}
	entries, total, err := s.store.CatalogEntries(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"publication": pub,
		"entries": list[normdoc.Entry]{items(entries), total, f.Page.Limit, f.Page.Offset}})
}

func (s *Server) apiPublicDoc(w http.ResponseWriter, r *http.Request) error {
	d, pub, err := s.publishedDoc(r)
	if err != nil {
		return err
	}
	effects, err := s.store.Effects(r.Context(), d.ID)
	if err != nil {
		return err
	}
	st := normdoc.StatusAt(d.Dates(), effects, s.today())
	return writeJSON(w, http.StatusOK, map[string]any{"document": d, "status": st, "status_label": st.Label(),
		"timeline": items(normdoc.Timeline(d.Dates(), effects)), "effects": items(effects), "publication": pub})
}
