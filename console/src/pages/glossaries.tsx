import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { call, projectPath } from '../api';
import {
  ActionForm,
  Badge,
  ConfirmButton,
  CreatePanel,
  ErrorNote,
  Field,
  Link,
  ListView,
  NewButton,
  Page,
  parseList,
  TableHead,
  useAction,
  useListPage,
  useLoad,
} from '../ui';
import { type Glossary, listGlossaries } from './playground';

const glossaryPath = (name = '') =>
  projectPath('v3', `moderation/glossaries${name ? `/${encodeURIComponent(name)}` : ''}`);
const textCategories = ['terrorism', 'porn', 'ban', 'abuse', 'ad', 'politics'];

/** The project's word lists: black lists flag their words, white lists excuse them; a category lexicon always applies. */
export function GlossariesPage() {
  const [editing, setEditing] = useState<string | undefined>();
  const list = useLoad(listGlossaries, []);
  const page = useListPage(list.reload);
  const remove = (glossary: Glossary) =>
    page.change.run(`Glossary ${glossary.name} deleted.`, () => call('DELETE', glossaryPath(glossary.name)));

  return (
    <Page
      title="Glossaries"
      actions={
        <NewButton open={page.creating} onToggle={page.setCreating}>
          New glossary
        </NewButton>
      }
    >
      <p class="muted">
        Black lists mark their words as <code>customized</code> (block) when a call names them; white lists drop
        findings inside their words. A black list tied to a category applies whenever that category is checked, the MaaS
        content guard included. Try them in the <Link to="/moderation/playground">playground</Link>.
      </p>
      <CreatePanel open={page.creating} title="New glossary">
        <GlossaryForm onDone={(name) => page.created(`Glossary ${name} created.`)} />
      </CreatePanel>
      <ListView
        list={list}
        notice={page.notice}
        errors={[page.change.error, list.error]}
        isEmpty={(data) => data.length === 0}
        empty="No glossaries yet."
      >
        {(data) => (
          <table class="table responsive" data-testid="glossaries">
            <TableHead columns={['Name', 'Type', 'Words', 'Description']} actions />
            <tbody>
              {data.map((g) => (
                <Fragment key={g.name}>
                  <tr data-glossary={g.name}>
                    <td data-label="Name">
                      <strong>{g.name}</strong>
                    </td>
                    <td data-label="Type">
                      <Badge tone={g.type === 'black' ? 'bad' : 'ok'}>{g.type}</Badge>
                      {g.category ? <Badge tone="info">{g.category}</Badge> : null}
                    </td>
                    <td data-label="Words">{g.word_count}</td>
                    <td data-label="Description">{g.description || <span class="muted">—</span>}</td>
                    <td class="actions">
                      <button
                        type="button"
                        class="secondary small"
                        onClick={() => setEditing(editing === g.name ? undefined : g.name)}
                      >
                        Edit words
                      </button>
                      <ConfirmButton label="Delete" disabled={page.change.busy} onConfirm={() => remove(g)} />
                    </td>
                  </tr>
                  {editing === g.name ? (
                    <tr class="edit-row">
                      <td colSpan={5}>
                        <GlossaryEditor
                          name={g.name}
                          onDone={async () => {
                            setEditing(undefined);
                            await list.reload();
                            page.setNotice(`Glossary ${g.name} saved.`);
                          }}
                        />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              ))}
            </tbody>
          </table>
        )}
      </ListView>
    </Page>
  );
}

function GlossaryForm(props: { onDone: (name: string) => void | Promise<void> }) {
  const [name, setName] = useState('');
  const [type, setType] = useState<'black' | 'white'>('black');
  const [category, setCategory] = useState('');
  const [words, setWords] = useState('');
  const [description, setDescription] = useState('');
  const save = useAction(async () => {
    const created = await call<Glossary>('POST', glossaryPath(), {
      body: {
        name,
        type,
        words: parseList(words),
        ...(description ? { description } : {}),
        ...(category ? { category } : {}),
      },
    });
    await props.onDone(created.name);
  });
  return (
    <ActionForm action={save} submit="Create glossary">
      <div class="grid">
        <Field label="Name" hint="Letters, digits, “_”, “.”, “-”.">
          <input name="name" value={name} required onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
        <Field label="Type">
          <select name="type" value={type} onChange={(e) => setType(e.currentTarget.value as 'black' | 'white')}>
            <option value="black">black list</option>
            <option value="white">white list</option>
          </select>
        </Field>
        {type === 'black' ? (
          <Field label="Category" hint="Optional: apply with this category, without naming the glossary.">
            <select name="category" value={category} onChange={(e) => setCategory(e.currentTarget.value)}>
              <option value="">none (named in calls)</option>
              {textCategories.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </Field>
        ) : null}
        <Field label="Description">
          <input name="description" value={description} onInput={(e) => setDescription(e.currentTarget.value)} />
        </Field>
        <Field label="Words" hint="One a line (or separated by commas); matched after normalisation." wide>
          <textarea name="words" rows={6} value={words} onInput={(e) => setWords(e.currentTarget.value)} />
        </Field>
      </div>
    </ActionForm>
  );
}

function GlossaryEditor(props: { name: string; onDone: () => void | Promise<void> }) {
  const [words, setWords] = useState<string | undefined>();
  const [description, setDescription] = useState('');
  const current = useLoad(async () => {
    const glossary = await call<Glossary & { words: string[] }>('GET', glossaryPath(props.name));
    setWords(glossary.words.join('\n'));
    setDescription(glossary.description);
    return glossary;
  }, [props.name]);
  const save = useAction(async () => {
    await call('PUT', glossaryPath(props.name), { body: { words: parseList(words ?? ''), description } });
    await props.onDone();
  });
  if (current.error) return <ErrorNote error={current.error} />;
  if (words === undefined) return <p class="muted">Loading…</p>;
  return (
    <ActionForm action={save} submit="Save words">
      <div class="grid">
        <Field label="Words" hint="One a line; the list replaces the old one." wide>
          <textarea name="words" rows={8} value={words} onInput={(e) => setWords(e.currentTarget.value)} />
        </Field>
        <Field label="Description" wide>
          <input name="description" value={description} onInput={(e) => setDescription(e.currentTarget.value)} />
        </Field>
      </div>
    </ActionForm>
  );
}
