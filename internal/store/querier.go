package store

import "fazhi/internal/sqldb"

// querier is a *sql.DB or a *sql.Tx.
type querier = sqldb.Querier

// isUnique reports a unique-constraint failure on either engine.
func isUnique(err error) bool { return sqldb.IsUniqueViolation(err) }
