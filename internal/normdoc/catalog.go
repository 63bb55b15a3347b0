package normdoc

import (
	"time"

	"fazhi/internal/calendar"
)

// Publication is one published version of the three catalogs: the
// documents in force, abolished and expired as of AsOf, frozen when
// published so that the version reads the same forever.
type Publication struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	// AsOf is the day the catalogs describe.
	AsOf calendar.Date `json:"as_of"`
	// Since, when set, limits the abolished and expired catalogs to
	// documents whose status changed on or after it (those of a campaign);
	// the catalog of documents in force is always complete.
	Since       *calendar.Date `json:"since,omitempty"`
	PublishedOn calendar.Date  `json:"published_on"`
	CampaignID  int64          `json:"campaign_id,omitempty"`
	URL         string         `json:"url"`
	Note        string         `json:"note"`
	InForce     int            `json:"in_force"`
	Abolished   int            `json:"abolished"`
	Expired     int            `json:"expired"`
	CreatedAt   time.Time      `json:"created_at"`
}

// Entry is one frozen row of a published catalog.
type Entry struct {
	Catalog     Catalog        `json:"catalog"`
	Seq         int            `json:"seq"`
	DocID       int64          `json:"doc_id"`
	Title       string         `json:"title"`
	Number      string         `json:"number"`
	RegNumber   string         `json:"reg_number"`
	Issuers     string         `json:"issuers"`
	Level       Level          `json:"level"`
	PublishedOn *calendar.Date `json:"published_on,omitempty"`
	EffectiveOn *calendar.Date `json:"effective_on,omitempty"`
	ExpiryOn    *calendar.Date `json:"expiry_on,omitempty"`
	Status      Status         `json:"status"`
	// StatusOn is the day of the status (the day it was abolished or
	// expired); Basis the decision that did it.
	StatusOn *calendar.Date `json:"status_on,omitempty"`
	Basis    string         `json:"basis"`
}
