package enforcement

import "fazhi/internal/calendar"

// Surcharge is the late-payment surcharge (加处罚款, Art. 72(1)): rate
// percent of the fine for each day after the due day until the payment
// day, not counting the exempt days (reconsideration or litigation,
// Art. 73), and never more than the fine itself.
func Surcharge(fine Money, due, paid calendar.Date, ratePercent, exemptDays int) Money {
	days := int(paid.Time().Sub(due.Time()).Hours()/24) - exemptDays
	if days <= 0 || fine <= 0 || ratePercent <= 0 {
		return 0
	}
	s := fine * Money(ratePercent) * Money(days) / 100
	if s > fine {
		return fine
	}
	return s
}

// PaymentDue is the last day to pay: the deferral when granted, else the
// payment timer's due day.
func PaymentDue(c Case, timerDue calendar.Date) calendar.Date {
	if c.DeferredUntil != nil && c.DeferredUntil.After(timerDue) {
		return *c.DeferredUntil
	}
	return timerDue
}
