package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/audit"
)

// userView is what the audit chain records of a user: never the hash.
type userView struct {
	Username    string         `json:"username"`
	DisplayName string         `json:"display_name"`
	UnitID      int64          `json:"unit_id"`
	Roles       []account.Role `json:"roles"`
	Disabled    bool           `json:"disabled"`
}

// CreateUser stores a new account with password pw.
func (s *Store) CreateUser(ctx context.Context, actor audit.Actor, u *account.User, pw string) error {
	var f apperr.Fields
	u.Username = strings.TrimSpace(u.Username)
	u.DisplayName = strings.TrimSpace(u.DisplayName)
	f.Required("username", "用户名", u.Username)
	f.Required("display_name", "姓名", u.DisplayName)
	if len(u.Roles) == 0 {
		f.Add("roles", "角色", "至少选择一个角色")
	}
	for _, r := range u.Roles {
		if !r.Valid() {
			f.Add("roles", "角色", "未知的角色："+string(r))
		}
	}
	if err := account.CheckPasswordPolicy(pw); err != nil {
		f = append(f, apperr.FieldsOf(err)...)
	}
	if err := f.Err(); err != nil {
		return err
	}
	hash, err := account.HashPassword(pw)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		unit, err := s.unit(ctx, tx, u.UnitID)
		if err != nil {
			var f apperr.Fields
			f.Add("unit_id", "所在单位", "所选单位不存在")
			return f.Err()
		}
		u.UnitName = unit.Name
		u.CreatedAt = s.now()
		err = tx.QueryRowContext(ctx, `INSERT INTO users (username, display_name, password_hash, unit_id, person_id,
			disabled, created_at) VALUES ($1, $2, $3, $4, $5, FALSE, $6) RETURNING id`,
			u.Username, u.DisplayName, hash, u.UnitID, nullInt(u.PersonID), u.CreatedAt).Scan(&u.ID)
		if isUnique(err) {
			var f apperr.Fields
			f.Add("username", "用户名", "已被使用："+u.Username)
			return f.Err()
		}
		if err != nil {
			return err
		}
		for _, r := range u.Roles {
			if _, err := tx.ExecContext(ctx, `INSERT INTO user_roles (user_id, role) VALUES ($1, $2)`, u.ID, string(r)); err != nil {
				return err
			}
		}
		return s.record(ctx, tx, actor, "user", u.ID, audit.Create, "", nil, viewOf(*u))
	})
}

func viewOf(u account.User) userView {
	return userView{Username: u.Username, DisplayName: u.DisplayName, UnitID: u.UnitID, Roles: u.Roles, Disabled: u.Disabled}
}

const userColumns = `u.id, u.username, u.display_name, u.unit_id, un.name, COALESCE(u.person_id, 0), u.disabled,
	u.created_at, u.last_login_at`

func (s *Store) scanUser(ctx context.Context, row *sql.Row) (account.User, string, error) {
	var u account.User
	var hash string
	var last sql.NullTime
	err := row.Scan(&u.ID, &u.Username, &u.DisplayName, &u.UnitID, &u.UnitName, &u.PersonID, &u.Disabled,
		&u.CreatedAt, &last, &hash)
	if err != nil {
		return u, "", err
	}
	if last.Valid {
		t := last.Time.UTC()
		u.LastLoginAt = &t
	}
	u.Roles, err = s.roles(ctx, u.ID)
	return u, hash, err
}

func (s *Store) roles(ctx context.Context, userID int64) ([]account.Role, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []account.Role
	for rows.Next() {
		var r account.Role
		if err := rows.Scan(&r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// User returns one account.
func (s *Store) User(ctx context.Context, id int64) (account.User, error) {
	u, _, err := s.scanUser(ctx, s.DB.QueryRowContext(ctx, `SELECT `+userColumns+`, u.password_hash
		FROM users u JOIN units un ON un.id = u.unit_id WHERE u.id = $1`, id))
	return u, notFound(err, fmt.Sprintf("用户 %d 不存在", id))
}

// Users lists every account.
func (s *Store) Users(ctx context.Context) ([]account.User, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT u.id FROM users u ORDER BY u.id`)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	out := make([]account.User, 0, len(ids))
	for _, id := range ids {
		u, err := s.User(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

// CountUsers reports how many accounts exist (zero on a new platform).
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, err
}

// Login throttling window.
const loginWindow = 15 * time.Minute

// ipFailureFactor: one address may fail this many times the per-account
// threshold (an office behind one NAT address has many users).
const ipFailureFactor = 4

// Authenticate checks a username and password. Failures are recorded;
// after maxFailures within the window for an account, or a multiple of it
// for one address, further attempts are refused without checking.
func (s *Store) Authenticate(ctx context.Context, username, pw, ip string, maxFailures int) (account.User, error) {
	since := s.now().Add(-loginWindow)
	if n, err := s.countFailures(ctx, "username", username, since); err != nil {
		return account.User{}, err
	} else if n >= maxFailures {
		return account.User{}, apperr.New(apperr.TooMany, "该账号登录失败次数过多，请15分钟后再试")
	}
	if n, err := s.countFailures(ctx, "ip", ip, since); err != nil {
		return account.User{}, err
	} else if n >= maxFailures*ipFailureFactor {
		return account.User{}, apperr.New(apperr.TooMany, "本地址登录失败次数过多，请15分钟后再试")
	}
	u, hash, err := s.scanUser(ctx, s.DB.QueryRowContext(ctx, `SELECT `+userColumns+`, u.password_hash
		FROM users u JOIN units un ON un.id = u.unit_id WHERE u.username = $1`, username))
	ok := false
	if err == nil {
		ok, err = account.CheckPassword(hash, pw)
	} else if err == sql.ErrNoRows {
		account.CheckDummy(pw)
		err = nil
	}
	if err != nil {
		return account.User{}, err
	}
	ok = ok && !u.Disabled
	if _, err := s.DB.ExecContext(ctx, `INSERT INTO login_attempts (username, ip, at, ok) VALUES ($1, $2, $3, $4)`,
		username, ip, s.now(), ok); err != nil {
		return account.User{}, err
	}
	if !ok {
		return account.User{}, apperr.New(apperr.Unauthenticated, "用户名或密码错误，或账号已停用")
	}
	_, err = s.DB.ExecContext(ctx, `UPDATE users SET last_login_at = $1 WHERE id = $2`, s.now(), u.ID)
	return u, err
}

func (s *Store) countFailures(ctx context.Context, column, value string, since time.Time) (int, error) {
	var n int
	err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM login_attempts WHERE `+column+` = $1 AND at > $2 AND NOT ok`,
		value, since).Scan(&n)
	return n, err
}

// Session is a signed-in browser or API client.
type Session struct {
	Token     string // only known at creation; the database keeps its hash
	UserID    int64
	CSRF      string
	ExpiresAt time.Time
}

// Session lifetimes: idle timeout and absolute limit.
const (
	SessionIdle = 2 * time.Hour
	SessionMax  = 12 * time.Hour
)

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// CreateSession starts a session for user.
func (s *Store) CreateSession(ctx context.Context, userID int64, ip, userAgent string) (Session, error) {
	now := s.now()
	sess := Session{Token: account.NewToken(32), UserID: userID, CSRF: account.NewToken(24), ExpiresAt: now.Add(SessionMax)}
	_, err := s.DB.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at,
		last_seen_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $4, $6, $7)`,
		hashToken(sess.Token), userID, sess.CSRF, now, sess.ExpiresAt, ip, truncate(userAgent, 300))
	return sess, err
}

// SessionUser resolves a session token to its user, refreshing the idle
// timer at most once a minute (to spare writes).
func (s *Store) SessionUser(ctx context.Context, token string) (account.User, Session, error) {
	var sess Session
	var last time.Time
	h := hashToken(token)
	err := s.DB.QueryRowContext(ctx, `SELECT user_id, csrf_token, expires_at, last_seen_at FROM sessions WHERE token_hash = $1`, h).
		Scan(&sess.UserID, &sess.CSRF, &sess.ExpiresAt, &last)
	if err != nil {
		return account.User{}, sess, notFound(err, "会话不存在或已过期")
	}
	now := s.now()
	if now.After(sess.ExpiresAt) || now.Sub(last) > SessionIdle {
		s.DB.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, h)
		return account.User{}, sess, apperr.New(apperr.NotFound, "会话已过期，请重新登录")
	}
	if now.Sub(last) > time.Minute {
		s.DB.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2`, now, h)
	}
	u, err := s.User(ctx, sess.UserID)
	if err == nil && u.Disabled {
		err = apperr.New(apperr.NotFound, "账号已停用")
	}
	sess.Token = token
	return u, sess, err
}

// DeleteSession signs a session out.
func (s *Store) DeleteSession(ctx context.Context, token string) error {
	_, err := s.DB.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, hashToken(token))
	return err
}

// PurgeExpired removes stale sessions, old login attempts and old
// verification lookups.
func (s *Store) PurgeExpired(ctx context.Context) error {
	now := s.now()
	if _, err := s.DB.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < $1 OR last_seen_at < $2`, now, now.Add(-SessionIdle)); err != nil {
		return err
	}
	if _, err := s.DB.ExecContext(ctx, `DELETE FROM login_attempts WHERE at < $1`, now.Add(-24*time.Hour)); err != nil {
		return err
	}
	// Verification lookups only matter for the last minute's throttle.
	_, err := s.DB.ExecContext(ctx, `DELETE FROM verification_hits WHERE at < $1`, now.Add(-time.Hour))
	return err
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
