package sqldb

import (
	"context"
	"errors"
	"fmt"
	"os"
)

// Backup writes a consistent copy of a SQLite database to path while it
// is in use (VACUUM INTO reads one snapshot). PostgreSQL deployments use
// pg_dump instead, as the README explains.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.Engine != SQLite {
		return errors.New("PostgreSQL 请使用 pg_dump 备份，例如：pg_dump -Fc -f fazhi.dump 数据库名")
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("备份文件 %s 已存在，请换一个文件名", path)
	}
	_, err := db.ExecContext(ctx, `VACUUM INTO $1`, path)
	return err
}
