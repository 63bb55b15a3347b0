package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"fazhi/internal/calendar"
	"fazhi/internal/store"
	"fazhi/internal/web"
)

func cmdServe(ctx context.Context, e env, args []string) error {
	fs, dsn := flags("serve", e)
	addr := fs.String("addr", "127.0.0.1:8080", "监听地址")
	loadDemo := fs.Bool("demo", false, "数据库为空时加载演示数据")
	dev := fs.Bool("dev", false, "开发模式：每次请求重新读取模板")
	secure := fs.String("secure-cookies", "auto", "Cookie 的 Secure 标记：auto（非本机地址时开启）、on、off")
	runBackground := fs.Bool("jobs", true, "运行后台任务（期限预警、到期、检索索引合并等）；多实例部署时可只让部分实例运行")
	searchCache := fs.Int("search-cache", store.SearchCacheBytes>>20, "本实例缓存的检索倒排表上限（MB）；公示记录多时调大可减少读库")
	if err := fs.Parse(args); err != nil {
		return err
	}
	store.SearchCacheBytes = *searchCache << 20
	log := slog.New(slog.NewJSONHandler(e.stderr, nil))
	s, err := open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer s.DB.Close()
	if *loadDemo {
		if err := loadDemoIfEmpty(ctx, s, e, log); err != nil {
			return err
		}
	}
	if err := firstStartHint(ctx, s, e); err != nil {
		return err
	}
	host, _ := os.Hostname()
	instance := fmt.Sprintf("%s-%d", host, os.Getpid())
	srv, err := web.New(s, log, web.Config{SecureCookies: secureCookies(*secure, *addr), Dev: *dev, Instance: instance})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "fazhi 已启动：http://%s/ （数据库 %s，实例 %s）\n", ln.Addr(), s.DB.Engine, instance)
	if *runBackground {
		go runJobs(ctx, s, log, instance)
	}
	return serveUntilDone(ctx, ln, srv, log)
}

// serveUntilDone serves until ctx ends (SIGINT/SIGTERM), then lets
// in-flight requests finish.
func serveUntilDone(ctx context.Context, ln net.Listener, h http.Handler, log *slog.Logger) error {
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 2 * time.Minute,
		WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func secureCookies(mode, addr string) bool {
	switch mode {
	case "on":
		return true
	case "off":
		return false
	}
	host, _, _ := net.SplitHostPort(addr)
	ip := net.ParseIP(host)
	return !(host == "localhost" || (ip != nil && ip.IsLoopback()))
}

func loadDemoIfEmpty(ctx context.Context, s *store.Store, e env, log *slog.Logger) error {
	_, n, err := s.Units(ctx, store.UnitFilter{})
	if err != nil || n > 0 {
		return err
	}
	sum, err := loadDemo(ctx, s, e)
	if err != nil {
		return err
	}
	log.Info("demo loaded", "units", sum.Units, "people", sum.People, "users", sum.Users)
	return nil
}

func firstStartHint(ctx context.Context, s *store.Store, e env) error {
	n, err := s.CountUsers(ctx)
	if err != nil || n > 0 {
		return err
	}
	fmt.Fprintln(e.stdout, strings.TrimSpace(`
平台尚无账号。请先创建首个系统管理员（密码从标准输入读取）：
  fazhi import units 单位.xlsx        （或先运行 fazhi serve --demo 加载演示数据）
  echo '强密码' | fazhi user add --username admin --name 管理员 --unit 慈溪市司法局 --role admin`))
	return nil
}

// job is a background task; it returns how many records it changed.
type job struct {
	name string
	run  func(ctx context.Context, today calendar.Date) (int, error)
}

// jobs are the background tasks, run each round by the instance that holds
// the lease. Each is idempotent: a round repeated by another instance after
// a lost lease changes nothing twice.
func jobs(s *store.Store) []job {
	return []job{
		{"supervision scan", s.ScanTimers},
		{"expire certificates", s.ExpireCertificates},
		{"normative document validity", s.RunValidityEngine},
		{"expire disclosures", s.ExpireDisclosures},
		{"compact search index", s.CompactSearch},
		{"purge sessions", func(ctx context.Context, _ calendar.Date) (int, error) { return 0, s.PurgeExpired(ctx) }},
	}
}

// runJobs runs the background work. Every instance runs this loop; a
// lease in the database makes exactly one of them do each round.
func runJobs(ctx context.Context, s *store.Store, log *slog.Logger, instance string) {
	tick := time.NewTicker(time.Minute)
	defer tick.Stop()
	for {
		if ok, err := s.AcquireLease(ctx, "supervision-scan", instance, 5*time.Minute); err == nil && ok {
			today := calendar.BeijingDate(time.Now())
			for _, j := range jobs(s) {
				if n, err := j.run(ctx, today); err != nil {
					log.Error(j.name, "err", err)
				} else if n > 0 {
					log.Info(j.name, "changed", n)
				}
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
