// cert-manager's controller, for the e2e test only. Upstream's main package lives in its own Go
// module (cmd/controller) that the module proxy does not serve, so this is a small main of our
// own on the library packages of the cert-manager module at the pinned version: the upstream
// defaults (v1alpha1 defaulting), the flags our Deployments pass, the registered controllers and
// issuers, leader election on the Lease upstream uses. No metrics or healthz server (nothing
// scrapes or probes a process here).
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/pflag"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/leaderelection"
	"k8s.io/client-go/tools/leaderelection/resourcelock"

	config "github.com/cert-manager/cert-manager/internal/apis/config/controller"
	configscheme "github.com/cert-manager/cert-manager/internal/apis/config/controller/scheme"
	defaults "github.com/cert-manager/cert-manager/internal/apis/config/controller/v1alpha1"
	configv1alpha1 "github.com/cert-manager/cert-manager/pkg/apis/config/controller/v1alpha1"
	"github.com/cert-manager/cert-manager/pkg/controller"
	logf "github.com/cert-manager/cert-manager/pkg/logs"

	// The issuers, registered by import as upstream's main does.
	_ "github.com/cert-manager/cert-manager/pkg/issuer/acme"
	_ "github.com/cert-manager/cert-manager/pkg/issuer/ca"
	_ "github.com/cert-manager/cert-manager/pkg/issuer/selfsigned"
	_ "github.com/cert-manager/cert-manager/pkg/issuer/vault"
	_ "github.com/cert-manager/cert-manager/pkg/issuer/venafi"
)

func fail(err error) {
	fmt.Fprintf(os.Stderr, "cert-manager-controller: %v\n", err)
	os.Exit(1)
}

func newConfig() (*config.ControllerConfiguration, error) {
	scheme, _, err := configscheme.NewSchemeAndCodecs()
	if err != nil {
		return nil, err
	}
	versioned := &configv1alpha1.ControllerConfiguration{}
	scheme.Default(versioned)
	cfg := &config.ControllerConfiguration{}
	return cfg, scheme.Convert(versioned, cfg, nil)
}

// enabled resolves --controllers as upstream documents it: "*" is the default set, "-name"
// removes one, "name" adds one.
func enabled(list []string) map[string]bool {
	out := map[string]bool{}
	for _, n := range list {
		if n == "*" {
			for _, d := range defaults.DefaultEnabledControllers {
				out[d] = true
			}
		}
	}
	for _, n := range list {
		if strings.HasPrefix(n, "-") {
			delete(out, n[1:])
		} else if n != "*" {
			out[n] = true
		}
	}
	return out
}

func main() {
	cfg, err := newConfig()
	if err != nil {
		fail(err)
	}
	fs := pflag.NewFlagSet("controller", pflag.ContinueOnError)
	fs.StringVar(&cfg.KubeConfig, "kubeconfig", cfg.KubeConfig, "kubeconfig file")
	fs.StringVar(&cfg.Namespace, "namespace", cfg.Namespace, "namespace to watch (all if empty)")
	fs.StringVar(&cfg.ClusterResourceNamespace, "cluster-resource-namespace", cfg.ClusterResourceNamespace, "namespace of ClusterIssuer secrets")
	fs.BoolVar(&cfg.LeaderElectionConfig.Enabled, "leader-elect", cfg.LeaderElectionConfig.Enabled, "leader election")
	fs.StringVar(&cfg.LeaderElectionConfig.Namespace, "leader-election-namespace", cfg.LeaderElectionConfig.Namespace, "namespace of the leader election Lease")
	fs.StringVar(&cfg.ACMEHTTP01Config.SolverImage, "acme-http01-solver-image", cfg.ACMEHTTP01Config.SolverImage, "ACME HTTP-01 solver image")
	fs.IntVar(&cfg.MaxConcurrentChallenges, "max-concurrent-challenges", cfg.MaxConcurrentChallenges, "ACME challenges processed at once")
	fs.StringSliceVar(&cfg.Controllers, "controllers", cfg.Controllers, "controllers to run")
	fs.BoolVar(&cfg.EnableCertificateOwnerRef, "enable-certificate-owner-ref", cfg.EnableCertificateOwnerRef, "owner references on certificate secrets")
	logf.AddFlags(&cfg.Logging, fs)
	if err := fs.Parse(os.Args[1:]); err != nil {
		fail(err)
	}
	if err := logf.ValidateAndApply(&cfg.Logging); err != nil {
		fail(err)
	}
	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer cancel()
	ctx = logf.NewContext(ctx, logf.Log, "controller")
	if err := run(ctx, cfg); err != nil {
		fail(err)
	}
}

func quantity(s string) resource.Quantity { return resource.MustParse(s) }

func run(ctx context.Context, cfg *config.ControllerConfiguration) error {
	log := logf.FromContext(ctx)
	factory, err := controller.NewContextFactory(ctx, contextOptions(cfg))
	if err != nil {
		return err
	}
	start := func(ctx context.Context) {
		on := enabled(cfg.Controllers)
		var wg sync.WaitGroup
		for name, fn := range controller.Known() {
			if !on[name] {
				continue
			}
			iface, err := fn(factory)
			if err != nil {
				fail(fmt.Errorf("controller %s: %w", name, err))
			}
			wg.Add(1)
			go func(name string, c controller.Interface) {
				defer wg.Done()
				log.Info("starting controller", "controller", name)
				if err := c.Run(cfg.NumberOfConcurrentWorkers, ctx); err != nil {
					fail(fmt.Errorf("controller %s: %w", name, err))
				}
			}(name, iface)
		}
		// The informers the controllers asked for, started once all are registered.
		c, err := factory.Build()
		if err != nil {
			fail(err)
		}
		startInformers(ctx, c)
		wg.Wait()
		os.Exit(0)
	}
	if !cfg.LeaderElectionConfig.Enabled {
		start(ctx)
		return nil
	}
	c, err := factory.Build("leader-election")
	if err != nil {
		return err
	}
	return elect(ctx, c.Client, cfg.LeaderElectionConfig.Namespace, "cert-manager-controller", cfg.LeaderElectionConfig.LeaseDuration, cfg.LeaderElectionConfig.RenewDeadline, cfg.LeaderElectionConfig.RetryPeriod, start)
}

// elect runs start once this process holds the Lease upstream's controller uses.
func elect(ctx context.Context, cl kubernetes.Interface, ns, name string, lease, renew, retry time.Duration, start func(context.Context)) error {
	id, _ := os.Hostname()
	lock, err := resourcelock.New(resourcelock.LeasesResourceLock, ns, name, cl.CoreV1(), cl.CoordinationV1(), resourcelock.ResourceLockConfig{Identity: fmt.Sprintf("%s-%d", id, os.Getpid())})
	if err != nil {
		return err
	}
	leaderelection.RunOrDie(ctx, leaderelection.LeaderElectionConfig{
		Lock: lock, LeaseDuration: lease, RenewDeadline: renew, RetryPeriod: retry, ReleaseOnCancel: true,
		Callbacks: leaderelection.LeaderCallbacks{
			OnStartedLeading: start,
			OnStoppedLeading: func() {
				if ctx.Err() == nil {
					fail(fmt.Errorf("leader election lost"))
				}
				os.Exit(0)
			},
		},
	})
	return nil
}
