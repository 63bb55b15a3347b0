package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/demo"
	"fazhi/internal/imports"
	"fazhi/internal/sqldb"
	"fazhi/internal/store"
)

func cmdMigrate(ctx context.Context, e env, args []string) error {
	fs, dsn := flags("migrate", e)
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := sqldb.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	applied, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	if len(applied) == 0 {
		fmt.Fprintln(e.stdout, "数据库已是最新，无需迁移")
	}
	for _, name := range applied {
		fmt.Fprintln(e.stdout, "已执行迁移", name)
	}
	return nil
}

func cmdUser(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] != "add" {
		return exitError{2, "用法：fazhi user add --username U --name 姓名 --unit 单位名称 --role 角色[,角色]（密码从标准输入读取）"}
	}
	fs, dsn := flags("user add", e)
	username := fs.String("username", "", "用户名")
	name := fs.String("name", "", "姓名")
	unitName := fs.String("unit", "", "所在单位名称")
	roles := fs.String("role", "", "角色，逗号分隔："+roleNames())
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	pw, err := readPassword(e)
	if err != nil {
		return err
	}
	s, err := open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer s.DB.Close()
	unit, err := s.UnitByName(ctx, strings.TrimSpace(*unitName))
	if err != nil {
		return fmt.Errorf("单位“%s”不存在：请先导入单位（fazhi import units）或加载演示数据", *unitName)
	}
	u := account.User{Username: *username, DisplayName: *name, UnitID: unit.ID}
	for _, r := range strings.Split(*roles, ",") {
		if r = strings.TrimSpace(r); r != "" {
			u.Roles = append(u.Roles, account.Role(r))
		}
	}
	if err := s.CreateUser(ctx, audit.Actor{Name: "命令行"}, &u, pw); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "已创建账号 %s（%s，%s）\n", u.Username, u.DisplayName, unit.Name)
	return nil
}

func roleNames() string {
	var names []string
	for _, r := range account.Roles {
		names = append(names, string(r.Role)+"="+r.Label)
	}
	return strings.Join(names, " ")
}

// readPassword reads the first line of standard input.
func readPassword(e env) (string, error) {
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", errors.New("请从标准输入提供密码，例如：echo '密码' | fazhi user add …")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func cmdImport(ctx context.Context, e env, args []string) error {
	fs, dsn := flags("import", e)
	dryRun := fs.Bool("dry-run", false, "只校验，不写入")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return exitError{2, "用法：fazhi import 类型 文件 [--dry-run]，类型：" + importKinds()}
	}
	kind, ok := imports.KindByName(pos[0])
	if !ok {
		return exitError{2, "未知的导入类型：" + pos[0] + "（可选 " + importKinds() + "）"}
	}
	f, err := os.Open(pos[1])
	if err != nil {
		return err
	}
	defer f.Close()
	s, err := open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer s.DB.Close()
	operator := account.Actor{Name: "命令行导入", Roles: []account.Role{account.Admin}}
	res, err := imports.Run(ctx, s, operator, kind, pos[1], f, *dryRun)
	if err != nil {
		return err
	}
	if !res.OK() {
		for _, re := range res.Report.Sorted() {
			fmt.Fprintln(e.stderr, re.Error())
		}
		return exitError{1, fmt.Sprintf("导入失败：%d 行中有 %d 处错误，未写入任何数据", res.Rows, len(res.Report.Errors))}
	}
	if res.DryRun {
		fmt.Fprintf(e.stdout, "校验通过：%d 行均可导入（--dry-run，未写入）\n", res.Rows)
		return nil
	}
	fmt.Fprintf(e.stdout, "已导入%s %d 行\n", kind.Label, res.Written)
	return nil
}

// importKinds lists the import kinds as "units（单位）、people（人员）…".
func importKinds() string {
	var names []string
	for _, k := range imports.Kinds() {
		names = append(names, k.Name+"（"+k.Label+"）")
	}
	return strings.Join(names, "、")
}

func cmdAudit(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] != "verify" {
		return exitError{2, "用法：fazhi audit verify"}
	}
	fs, dsn := flags("audit verify", e)
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	s, err := open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer s.DB.Close()
	rep, err := s.VerifyChain(ctx)
	var ce *audit.ChainError
	if errors.As(err, &ce) {
		return exitError{1, fmt.Sprintf("审计链校验失败：%s（此前 %d 个事件完好）", ce.Error(), rep.Events)}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "审计链完好：共 %d 个事件，链头哈希 %s\n", rep.Events, rep.Head)
	return nil
}

func cmdCalendar(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] != "deadline" {
		return exitError{2, "用法：fazhi calendar deadline --from YYYY-MM-DD (--workdays N | --days N)"}
	}
	fs, dsn := flags("calendar deadline", e)
	from := fs.String("from", "", "开始日期（当日不计入）")
	workdays := fs.Int("workdays", 0, "工作日数")
	days := fs.Int("days", 0, "自然日数（届满日遇节假日顺延）")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	start, err := calendar.ParseDate(*from)
	if err != nil {
		return apperr.New(apperr.Invalid, "--from："+err.Error())
	}
	if (*workdays > 0) == (*days > 0) {
		return exitError{2, "请只给出 --workdays N 或 --days N 之一（N ≥ 1）"}
	}
	cal := calendar.New(nil)
	if *dsn != "" && e.getenv("FAZHI_CALENDAR_NO_DB") == "" {
		if s, err := openExisting(ctx, *dsn); err == nil {
			defer s.DB.Close()
			if c, err := s.Calendar(ctx); err == nil {
				cal = c
			}
		}
	}
	var due calendar.Date
	if *workdays > 0 {
		due, err = cal.AddWorkdays(start, *workdays)
	} else {
		due, err = cal.AddCalendarDays(start, *days)
	}
	if err != nil {
		return apperr.Wrap(apperr.Invalid, err.Error(), err)
	}
	fmt.Fprintln(e.stdout, due.String())
	return nil
}

func cmdBackup(ctx context.Context, e env, args []string) error {
	fs, dsn := flags("backup", e)
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return exitError{2, "用法：fazhi backup 备份文件"}
	}
	db, err := sqldb.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, pos[0]); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "已备份到 %s\n", pos[0])
	return nil
}

func cmdDemo(ctx context.Context, e env, args []string) error {
	fs, dsn := flags("demo", e)
	if err := fs.Parse(args); err != nil {
		return err
	}
	s, err := open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer s.DB.Close()
	_, err = loadDemo(ctx, s, e)
	return err
}

// loadDemo loads the demo data (refused on a database that has any) and
// says so; `fazhi demo` and `fazhi serve --demo` share it.
func loadDemo(ctx context.Context, s *store.Store, e env) (demo.Summary, error) {
	sum, err := demo.Load(ctx, s)
	if err != nil {
		return sum, err
	}
	fmt.Fprintf(e.stdout, "已加载演示数据：%d 个单位，%d 名人员，%d 个账号（密码均为 %s）\n", sum.Units, sum.People, sum.Users, demo.Password)
	return sum, nil
}
