// Command fazhi runs the rule-of-law platform: `fazhi serve` starts the
// web UI and API; the other subcommands work on the same database.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"strings"
	"syscall"

	"fazhi/internal/apperr"
	"fazhi/internal/sqldb"
	"fazhi/internal/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	stopProfile := startProfile(os.Getenv("FAZHI_CPUPROFILE"))
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stopProfile()
	os.Exit(code)
}

// startProfile writes a CPU profile of the whole command to path when it
// is set (FAZHI_CPUPROFILE, for measuring imports and the demo load with
// go tool pprof); the returned function ends it.
func startProfile(path string) func() {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "FAZHI_CPUPROFILE:", err)
		return func() {}
	}
	return func() { pprof.StopCPUProfile(); f.Close() }
}

// env is how run reads the environment (tests pass their own).
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

const usage = `fazhi — 慈溪市法治政府建设综合管理平台

用法：
  fazhi serve [--addr 127.0.0.1:8080] [--db 数据库] [--demo]   启动网页与 API
  fazhi migrate [--db 数据库]                                  执行数据库迁移
  fazhi user add --username U --name 姓名 --unit 单位 --role 角色  创建账号（密码从标准输入读取）
  fazhi import 类型 文件 [--dry-run]                           导入（CSV/XLSX），类型见 fazhi import
  fazhi audit verify                                           校验审计链
  fazhi calendar deadline --from YYYY-MM-DD (--workdays N | --days N)  计算期限
  fazhi backup 文件                                             在线备份 SQLite 数据库
  fazhi demo                                                   向空数据库加载演示数据

--db 默认为 SQLite 文件 data/fazhi.db；也可为 sqlite:路径 或 postgres://… 连接串（亦可用环境变量 FAZHI_DB）。
`

// run executes one subcommand and returns the process exit code.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmds := map[string]func(context.Context, env, []string) error{
		"serve": cmdServe, "migrate": cmdMigrate, "user": cmdUser, "import": cmdImport, "audit": cmdAudit,
		"calendar": cmdCalendar, "backup": cmdBackup, "demo": cmdDemo,
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "未知的子命令：%s\n\n%s", args[0], usage)
		return 2
	}
	if err := cmd(ctx, e, args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 2
		}
		var exit exitError
		if errors.As(err, &exit) {
			fmt.Fprintln(stderr, exit.msg)
			return exit.code
		}
		fmt.Fprintln(stderr, "错误：", apperr.Message(errOrDetail(err)))
		return 1
	}
	return 0
}

// exitError ends a command with a specific code and message.
type exitError struct {
	code int
	msg  string
}

func (e exitError) Error() string { return e.msg }

// errOrDetail keeps the detail of internal errors on the command line,
// where the operator (not the public) reads it.
func errOrDetail(err error) error {
	if apperr.KindOf(err) == apperr.Internal {
		return apperr.Wrap(apperr.Invalid, err.Error(), err)
	}
	return err
}

// flags makes a flag set with the shared --db flag.
func flags(name string, e env) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	def := e.getenv("FAZHI_DB")
	if def == "" {
		def = sqldb.DefaultDSN
	}
	db := fs.String("db", def, "数据库：SQLite 文件路径、sqlite:路径 或 postgres:// 连接串")
	return fs, db
}

// open connects to the database, applies pending migrations and returns
// the store.
func open(ctx context.Context, dsn string) (*store.Store, error) {
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	s := store.New(db)
	if _, err := s.SeedRules(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// parseInterleaved parses flags that may come before or after the
// positional arguments (`fazhi import units f.csv --dry-run`).
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// openExisting opens a database only if it already exists (the calendar
// command works without one, on the statutory schedule alone).
func openExisting(ctx context.Context, dsn string) (*store.Store, error) {
	if path, ok := sqlitePath(dsn); ok {
		if _, err := os.Stat(path); err != nil {
			return nil, err
		}
	}
	return open(ctx, dsn)
}

func sqlitePath(dsn string) (string, bool) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return "", false
	}
	return strings.TrimPrefix(dsn, "sqlite:"), true
}
