import { useState } from 'preact/hooks';
import { call } from '../api';
import { Pager } from './endpoints';
import {
  ActionForm,
  Badge,
  Card,
  ConfirmButton,
  CopyButton,
  CreatePanel,
  ErrorNote,
  Field,
  IdText,
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

const accountPath = (name: string) => `/operator/v1/accounts/${encodeURIComponent(name)}`;
const pageSize = 20;

/** Every account a page at a time (GET /operator/v1/accounts), or the one found by name. */
export function AccountsPage() {
  const [offset, setOffset] = useState(0);
  const [lookup, setLookup] = useState('');
  const [found, setFound] = useState<Account | undefined>();
  const [created, setCreated] = useState<CreatedAccount | undefined>();
  const list = useLoad(
    () =>
      call<{ total: number; accounts: Account[] }>('GET', `/operator/v1/accounts?offset=${offset}&limit=${pageSize}`, {
        operator: true,
      }),
    [offset],
  );
  const open = useAction(async () => {
    setFound((await call<{ account: Account }>('GET', accountPath(lookup), { operator: true })).account);
  });
  const page = useListPage(async () => {
    await list.reload();
    if (found) setFound((await call<{ account: Account }>('GET', accountPath(found.name), { operator: true })).account);
  });
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
          onDone={async (result) => {
            setCreated(result);
            await page.created();
          }}
        />
      </CreatePanel>
      {created ? (
        <Card title={`Account ${created.account.name} created`} class="highlight">
          <p>
            <strong>The secret key is shown this once.</strong> Project id{' '}
            <IdText id={created.project_id} what="project id" />.
          </p>
          <dl class="facts">
            <dt>Access key</dt>
            <dd>
              <IdText id={created.credential.access} what="access key" />
            </dd>
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
        <Field label="Find an account by name">
          <input name="account" value={lookup} required onInput={(e) => setLookup(e.currentTarget.value)} />
        </Field>
        <button type="submit" disabled={open.busy}>
          Open
        </button>
        {found ? (
          <button type="button" class="secondary" onClick={() => setFound(undefined)}>
            Show all
          </button>
        ) : null}
      </form>
      <ErrorNote error={open.error} />
      <ListView
        list={list}
        notice={page.notice}
        errors={[page.change.error, list.error]}
        isEmpty={(data) => data.accounts.length === 0}
        empty="No accounts yet."
        summary={(data) => (found ? null : <p class="muted">{data.total} accounts, oldest first.</p>)}
        footer={(data) =>
          found ? null : <Pager offset={offset} total={data.total} size={pageSize} onChange={setOffset} />
        }
      >
        {(data) => (
          <table class="table responsive" data-testid="accounts">
            <TableHead columns={['Account', 'State', 'Set state']} />
            <tbody>
              {(found ? [found] : data.accounts).map((account) => (
                <tr key={account.id} data-account={account.name}>
                  <td data-label="Account">
                    <strong>{account.name}</strong>
                    <br />
                    <small class="muted">
                      <IdText id={account.id} what="account id" />
                    </small>
                  </td>
                  <td data-label="State">
                    <Badge tone={states.find((s) => s.value === account.state)?.tone ?? 'muted'}>{account.state}</Badge>
                  </td>
                  <td class="actions" data-label="Set state">
                    {states
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
                      )}
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

function AccountForm(props: { onDone: (result: CreatedAccount) => void | Promise<void> }) {
  const [name, setName] = useState('');
  const [user, setUser] = useState('admin');
  const [password, setPassword] = useState('');
  const [project, setProject] = useState('default');
  const save = useAction(async () => {
    await props.onDone(
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
