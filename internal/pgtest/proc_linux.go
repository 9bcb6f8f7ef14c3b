package pgtest

import (
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"strconv"
	"syscall"
)

const quitSignal = syscall.SIGQUIT

// serverUser is who runs PostgreSQL when the tests run as root.
const serverUser = "nobody"

// serverCommand runs a PostgreSQL program as serverUser when we are root,
// and makes the server quit if the test binary dies without stopping it.
func serverCommand(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	attr := &syscall.SysProcAttr{Pdeathsig: syscall.SIGQUIT}
	if os.Geteuid() == 0 {
		if uid, gid, err := lookupServerUser(); err == nil {
			attr.Credential = &syscall.Credential{Uid: uid, Gid: gid}
		}
	}
	cmd.SysProcAttr = attr
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	return cmd
}

func ownForServer(dir string) error {
	if os.Geteuid() != 0 {
		return nil
	}
	uid, gid, err := lookupServerUser()
	if err != nil {
		return err
	}
	return os.Chown(dir, int(uid), int(gid))
}

func lookupServerUser() (uint32, uint32, error) {
	u, err := user.Lookup(serverUser)
	if err != nil {
		return 0, 0, fmt.Errorf("running as root, PostgreSQL needs an unprivileged user %q: %w", serverUser, err)
	}
	uid, _ := strconv.ParseUint(u.Uid, 10, 32)
	gid, _ := strconv.ParseUint(u.Gid, 10, 32)
	return uint32(uid), uint32(gid), nil
}
