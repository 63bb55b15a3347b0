package demo

import "testing"

// TestPlan checks the arithmetic that makes the 2016 totals exact: the
// cards reviewed are the 2016 ones and every earlier card still valid at
// the review, and the anomalies are those the fates plant plus the lapsed
// qualifications.
func TestPlan(t *testing.T) {
	p, err := makePlan()
	if err != nil {
		t.Fatal(err)
	}
	reviewed, anomalies := Seed2016.Issued, p.lapsed
	for _, fc := range append(append([]fateCount{}, firstFates...), laterFates...) {
		if fc.fate.reviewed() {
			reviewed += fc.n
		}
		anomalies += fc.n * fc.fate.anomalies()
	}
	reviewed += p.normal
	if reviewed != Seed2016.Reviews || anomalies != Seed2016.AnomaliesDone {
		t.Errorf("plan %+v gives %d reviews and %d anomalies, want %d and %d", p, reviewed, anomalies,
			Seed2016.Reviews, Seed2016.AnomaliesDone)
	}
	if aprilPassed+retakersPassed+p.octoberNewPassed != Seed2016.Issued ||
		aprilRegistered+retakers+octoberNew < Seed2016.Issued {
		t.Errorf("2016 exams: %d + %d + %d passers", aprilPassed, retakersPassed, p.octoberNewPassed)
	}
	for _, f := range firstFates {
		switch f.fate {
		case renewed, expired, expiredRetired, expiredLeft, cancelled:
		default:
			t.Errorf("fate %d cannot befall a 2011 card", f.fate)
		}
	}
}
