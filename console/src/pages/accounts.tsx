import { useState } from 'preact/hooks';
import { call, getSession } from '../api';
import {
  ActionForm,
  Badge,
  Card,
  ConfirmButton,
  CopyButton,
  CreatePanel,
  ErrorNote,
  Field,
  ListView,
  NewButton,
  Page,
  TableHead,
  useAction,
  useListPage,
  useLoad,
} from '../ui';

interface Account {
  id: string;
  name: string;
  state: 'normal' | 'frozen' | 'restricted';
}

interface CreatedAccount {
  account: Account;
  project_id: string;
  user_id: string;
  credential: { access: string; secret: string };
}

const states: { value: Account['state']; label: string; tone: 'ok' | 'warn' | 'bad' }[] = [
  { value: 'normal', label: 'normal', tone: 'ok' },
  { value: 'frozen', label: 'frozen (arrears)', tone: 'bad' },
  { value: 'restricted', label: 'restricted', tone: 'warn' },
];

/**
 * The operator API has no list of accounts: accounts are opened by name, and the ones opened or created in this
 * session stay on the page (the signed-in user's own account first).
 */
const openedKey = 'aisp-console-accounts';

function openedNames(): string[] {
  const own = getSession().accountName;
  let names: string[] = [];
  try {
    names = JSON.parse(sessionStorage.getItem(openedKey) ?? '[]') as string[];
  } catch {
    names = [];
  }
  return [...new Set([...(own ? [own] : []), ...names])];
}

function remember(name: string): void {
  const names = [...new Set([...openedNames(), name])];
  sessionStorage.setItem(openedKey, JSON.stringify(names));
}

const accountPath = (name: string) => `/operator/v1/accounts/${encodeURIComponent(name)}`;

export function AccountsPage() {
  const [names, setNames] = useState(openedNames);
  const [lookup, setLookup] = useState('');
  const [created, setCreated] = useState<CreatedAccount | undefined>();
  const accounts = useLoad(
    () =>
      Promise.all(
        names.map((name) =>
          call<{ account: Account }>('GET', accountPath(name), { operator: true }).then(
            (r) => ({ name, account: r.account, error: undefined as unknown }),
            (error: unknown) => ({ name, account: undefined, error }),
          ),
        ),
      ),
    [names],
  );
  const open = useAction(async () => {
    await call('GET', accountPath(lookup), { operator: true });
    remember(lookup);
    setLookup('');
    setNames(openedNames());
  });
  const page = useListPage(accounts.reload);
  const setState = (account: Account, state: Account['state']) =>
    page.change.run(`Account ${account.name} is ${state}.`, () =>
      call('PUT', `${accountPath(account.name)}/state`, { operator: true, body: { state } }),
    );

  return (
    <Page
      title="Accounts"
      actions={
        <NewButton open={page.creating} onToggle={page.setCreating}>
          New account
        </NewButton>
      }
    >
      <p class="muted">
        Tenant accounts and their state: <em>frozen</em> (arrears) and <em>restricted</em> accounts are refused by every
        API, inference included, within two seconds.
      </p>
      <CreatePanel open={page.creating} title="New account">
        <AccountForm
          onDone={(result) => {
            page.setCreating(false);
            setCreated(result);
            remember(result.account.name);
            setNames(openedNames());
          }}
        />
      </CreatePanel>
      {created ? (
        <Card title={`Account ${created.account.name} created`} class="highlight">
          <p>
            <strong>The secret key is shown this once.</strong> Project id <code>{created.project_id}</code>.
          </p>
          <dl class="facts">
            <dt>Access key</dt>
            <dd class="mono">{created.credential.access}</dd>
            <dt>Secret key</dt>
            <dd class="secret">
              <code>{created.credential.secret}</code> <CopyButton text={created.credential.secret} />
            </dd>
          </dl>
          <button type="button" class="secondary small" onClick={() => setCreated(undefined)}>
            Done
          </button>
        </Card>
      ) : null}
      <form
        class="form inline"
        onSubmit={(e) => {
          e.preventDefault();
          void open.run();
        }}
      >
        <Field label="Open an account by name">
          <input name="account" value={lookup} required onInput={(e) => setLookup(e.currentTarget.value)} />
        </Field>
        <button type="submit" disabled={open.busy}>
          Open
        </button>
      </form>
      <ErrorNote error={open.error} />
      <ListView
        list={accounts}
        notice={page.notice}
        errors={[page.change.error, accounts.error]}
        isEmpty={(data) => data.length === 0}
        empty="Open or create an account to see it here."
        quiet
      >
        {(data) => (
          <table class="table responsive" data-testid="accounts">
            <TableHead columns={['Account', 'State', 'Set state']} />
            <tbody>
              {data.map(({ name, account, error }) => (
                <tr key={name} data-account={name}>
                  <td data-label="Account">
                    <strong>{name}</strong>
                    {account ? (
                      <>
                        <br />
                        <small class="muted mono">{account.id}</small>
                      </>
                    ) : null}
                  </td>
                  <td data-label="State">
                    {account ? (
                      <Badge tone={states.find((s) => s.value === account.state)?.tone ?? 'muted'}>
                        {account.state}
                      </Badge>
                    ) : (
                      <ErrorNote error={error} />
                    )}
                  </td>
                  <td class="actions" data-label="Set state">
                    {account
                      ? states
                          .filter((s) => s.value !== account.state)
                          .map((s) =>
                            s.value === 'normal' ? (
                              <button
                                type="button"
                                key={s.value}
                                class="secondary small"
                                disabled={page.change.busy}
                                onClick={() => setState(account, s.value)}
                              >
                                Restore
                              </button>
                            ) : (
                              // Freezing refuses every call of the account at once (the console's own included).
                              <ConfirmButton
                                key={s.value}
                                label={s.value === 'frozen' ? 'Freeze' : 'Restrict'}
                                disabled={page.change.busy}
                                onConfirm={() => setState(account, s.value)}
                              />
                            ),
                          )
                      : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ListView>
    </Page>
  );
}

function AccountForm(props: { onDone: (result: CreatedAccount) => void }) {
  const [name, setName] = useState('');
  const [user, setUser] = useState('admin');
  const [password, setPassword] = useState('');
  const [project, setProject] = useState('default');
  const save = useAction(async () => {
    props.onDone(
      await call<CreatedAccount>('POST', '/operator/v1/accounts', {
        operator: true,
        body: { name, admin_user: user, admin_password: password, project },
      }),
    );
  });
  return (
    <ActionForm action={save} submit="Create account">
      <div class="grid">
        <Field label="Account name">
          <input name="name" value={name} required onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
        <Field label="Administrator">
          <input name="admin_user" value={user} onInput={(e) => setUser(e.currentTarget.value)} />
        </Field>
        <Field label="Administrator password">
          <input
            name="admin_password"
            type="password"
            autoComplete="new-password"
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </Field>
        <Field label="First project" hint="Project names are region ids, as on the cloud.">
          <input name="project" value={project} onInput={(e) => setProject(e.currentTarget.value)} />
        </Field>
      </div>
    </ActionForm>
  );
}
