package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/account"
)

func (a *app) userCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "user",
		Short: "Manage the accounts of 'opslens serve'",
		Long: `Manage who can sign in to 'opslens serve'. Anyone who can write the database
file can run these commands, so they work without signing in: that is how
the first administrator is made.`,
	}
	cmd.AddCommand(a.userCreateCmd(), a.userListCmd(), a.userPasswordCmd(), a.userDeleteCmd(), a.userAdminCmd(), a.userTokenCmd())
	return cmd
}

func (a *app) accounts(ctx context.Context) (*account.Service, error) {
	if _, err := a.service(ctx); err != nil {
		return nil, err
	}
	return account.New(a.db), nil
}

// namedUser opens the accounts and finds the user a command names.
func (a *app) namedUser(ctx context.Context, name string) (*account.Service, *opslens.User, error) {
	acc, err := a.accounts(ctx)
	if err != nil {
		return nil, nil, err
	}
	u, err := acc.User(ctx, name)
	return acc, u, err
}

// readPassword reads a new password: from the terminal twice without echo,
// or one line from stdin with --password-stdin (for scripts).
func (a *app) readPassword(fromStdin bool) (string, error) {
	if fromStdin {
		line, err := bufio.NewReader(a.in).ReadString('\n')
		if err != nil && err != io.EOF {
			return "", err
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	f, ok := a.in.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return "", usageError{fmt.Errorf("no terminal to ask for a password: pass --password-stdin and write it to standard input")}
	}
	fmt.Fprint(a.err, "Password: ")
	p1, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(a.err)
	if err != nil {
		return "", err
	}
	fmt.Fprint(a.err, "Password again: ")
	p2, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(a.err)
	if err != nil {
		return "", err
	}
	if string(p1) != string(p2) {
		return "", opslens.Errorf(opslens.EINVALID, "the two passwords differ; nothing was changed")
	}
	return string(p1), nil
}

func (a *app) userCreateCmd() *cobra.Command {
	var admin, stdin, noPassword bool
	cmd := &cobra.Command{
		Use:   "create <name>",
		Short: "Create a user (asks for a password)",
		Example: `  opslens user create alice --admin
  echo "$PASSWORD" | opslens user create ci-bot --password-stdin
  opslens user create ci-bot --no-password   # API tokens only`,
		Args: args("name"),
		RunE: func(cmd *cobra.Command, argv []string) error {
			acc, err := a.accounts(cmd.Context())
			if err != nil {
				return err
			}
			if err := opslens.ValidateUserName(argv[0]); err != nil {
				return err
			}
			pw := ""
			if !noPassword {
				if pw, err = a.readPassword(stdin); err != nil {
					return err
				}
			}
			u, err := acc.CreateUser(cmd.Context(), argv[0], pw, admin)
			if err != nil {
				return err
			}
			if a.jsonOut() {
				return a.printJSON(u)
			}
			fmt.Fprintf(a.out, "Created %s %q.\n", map[bool]string{true: "administrator", false: "user"}[u.Admin], u.Name)
			return nil
		},
	}
	cmd.Flags().BoolVar(&admin, "admin", false, "make the user an administrator")
	cmd.Flags().BoolVar(&stdin, "password-stdin", false, "read the password from standard input")
	cmd.Flags().BoolVar(&noPassword, "no-password", false, "no password: the user can only use API tokens")
	return cmd
}

func (a *app) userListCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List users",
		Args:  args(),
		RunE: func(cmd *cobra.Command, argv []string) error {
			acc, err := a.accounts(cmd.Context())
			if err != nil {
				return err
			}
			users, err := acc.Users(cmd.Context())
			if err != nil {
				return err
			}
			if a.jsonOut() {
				if users == nil {
					users = []*opslens.User{}
				}
				return a.printJSON(users)
			}
			tw := newTable(a.out)
			fmt.Fprintln(tw, "NAME\tADMIN\tCREATED")
			for _, u := range users {
				fmt.Fprintf(tw, "%s\t%v\t%s\n", u.Name, u.Admin, u.CreatedAt.Format(time.DateOnly))
			}
			return tw.Flush()
		},
	}
}

func (a *app) userPasswordCmd() *cobra.Command {
	var stdin bool
	cmd := &cobra.Command{
		Use:   "password <name>",
		Short: "Set a user's password (signs out their sessions)",
		Args:  args("name"),
		RunE: func(cmd *cobra.Command, argv []string) error {
			acc, u, err := a.namedUser(cmd.Context(), argv[0])
			if err != nil {
				return err
			}
			pw, err := a.readPassword(stdin)
			if err != nil {
				return err
			}
			if _, err := acc.SetPassword(cmd.Context(), u.ID, pw); err != nil {
				return err
			}
			fmt.Fprintf(a.out, "Password of %q changed; their sessions have ended.\n", u.Name)
			return nil
		},
	}
	cmd.Flags().BoolVar(&stdin, "password-stdin", false, "read the password from standard input")
	return cmd
}

func (a *app) userDeleteCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "delete <name>",
		Short: "Delete a user with their shares and API tokens",
		Args:  args("name"),
		RunE: func(cmd *cobra.Command, argv []string) error {
			acc, u, err := a.namedUser(cmd.Context(), argv[0])
			if err != nil {
				return err
			}
			if err := acc.DeleteUser(cmd.Context(), u.ID); err != nil {
				return err
			}
			fmt.Fprintf(a.out, "Deleted user %q.\n", u.Name)
			return nil
		},
	}
}

func (a *app) userAdminCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "admin <name> <true|false>",
		Short:   "Grant or take away administration",
		Example: `  opslens user admin bob true`,
		Args:    args("name", "true|false"),
		RunE: func(cmd *cobra.Command, argv []string) error {
			on, err := parseBool(argv[1])
			if err != nil {
				return err
			}
			acc, u, err := a.namedUser(cmd.Context(), argv[0])
			if err != nil {
				return err
			}
			if _, err := acc.SetAdmin(cmd.Context(), u.ID, on); err != nil {
				return err
			}
			fmt.Fprintf(a.out, "%q is now %s.\n", u.Name, map[bool]string{true: "an administrator", false: "not an administrator"}[on])
			return nil
		},
	}
}

func parseBool(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "true", "yes", "on", "1":
		return true, nil
	case "false", "no", "off", "0":
		return false, nil
	}
	return false, usageError{fmt.Errorf("%q is not true or false", s)}
}

func (a *app) userTokenCmd() *cobra.Command {
	var name string
	var ttl time.Duration
	cmd := &cobra.Command{
		Use:   "token <user>",
		Short: "Create an API token for a user and print it once",
		Long: `Create an API token for scripts and CI. The token is printed once and only
its hash is stored: keep it in your CI's secret store. Revoke it from the web
app's account page or with the API.`,
		Example: `  opslens user token ci-bot --name github-actions --expires 2160h`,
		Args:    args("user"),
		RunE: func(cmd *cobra.Command, argv []string) error {
			acc, u, err := a.namedUser(cmd.Context(), argv[0])
			if err != nil {
				return err
			}
			t, secret, err := acc.CreateToken(cmd.Context(), u.ID, name, ttl)
			if err != nil {
				return err
			}
			if a.jsonOut() {
				return a.printJSON(struct {
					*opslens.Token
					Secret string
				}{t, secret})
			}
			fmt.Fprintln(a.out, secret)
			return nil
		},
	}
	cmd.Flags().StringVar(&name, "name", "cli", "what the token is for")
	cmd.Flags().DurationVar(&ttl, "expires", 0, "lifetime (e.g. 720h); 0 for none")
	return cmd
}
