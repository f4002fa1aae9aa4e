package sandbox

import (
	"errors"
	"os"
	"os/exec"
	"syscall"
	"unsafe"
)

// reexec starts this binary again in a new network namespace and waits for it. The
// child dies with its parent (go test's timeout kills the parent).
func reexec() (int, error) {
	self, err := os.Executable()
	if err != nil {
		return 0, err
	}
	attrs := []*syscall.SysProcAttr{
		{Cloneflags: syscall.CLONE_NEWNET, Pdeathsig: syscall.SIGKILL},
		// Without CAP_SYS_ADMIN: a user namespace where we are root, if the kernel
		// allows unprivileged ones.
		{Cloneflags: syscall.CLONE_NEWUSER | syscall.CLONE_NEWNET, Pdeathsig: syscall.SIGKILL,
			UidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getuid(), Size: 1}},
			GidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getgid(), Size: 1}}},
	}
	var errs []error
	for _, attr := range attrs {
		cmd := exec.Command(self, os.Args[1:]...)
		cmd.Env = append(os.Environ(), envActive+"=1")
		cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
		cmd.SysProcAttr = attr
		if err := cmd.Start(); err != nil {
			errs = append(errs, err)
			continue
		}
		err := cmd.Wait()
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			return 0, err
		}
		return cmd.ProcessState.ExitCode(), nil
	}
	return 0, errors.Join(errs...)
}

// loopbackUp sets the IFF_UP flag of "lo", as `ip link set lo up` does.
func loopbackUp() error {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_DGRAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer syscall.Close(fd)
	// struct ifreq: the name (16 bytes), then a union whose first member here is the
	// short ifr_flags.
	var ifr [40]byte
	copy(ifr[:], "lo")
	if err := ioctl(fd, syscall.SIOCGIFFLAGS, &ifr); err != nil {
		return err
	}
	flags := *(*uint16)(unsafe.Pointer(&ifr[syscall.IFNAMSIZ]))
	*(*uint16)(unsafe.Pointer(&ifr[syscall.IFNAMSIZ])) = flags | syscall.IFF_UP | syscall.IFF_RUNNING
	return ioctl(fd, syscall.SIOCSIFFLAGS, &ifr)
}

func ioctl(fd int, req uintptr, ifr *[40]byte) error {
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, uintptr(fd), req, uintptr(unsafe.Pointer(ifr))); errno != 0 {
		return errno
	}
	return nil
}
