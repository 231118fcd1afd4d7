import { translatedResolver } from '../ui/translated-resolver';
import { useRef, useState, type KeyboardEvent, type Ref } from 'react';
import { useForm, useWatch, type FieldErrors, type UseFormRegister } from 'react-hook-form';
import type { NoteView } from '../../../shared/api/notes';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { useCan, useSignedIn } from '../identity/identity-store';
import { Notice, SelectField, TextField } from '../ui/form';
import { formatClock } from '../ui/local-time';
import { RefusalMessage, TextAreaField, mergeRefs, refusalOf, type Refusal } from './clinical-ui';
import { sensitivityTag } from './clinical-text';
import { HiddenAfterSaving, sensitivityOptions } from './DiagnosesPanel';
import { dropDraft, useDraftStart, useKeepDraft } from './drafts';
import {
  EMPTY_NOTE,
  NOTE_FIELDS,
  NOTE_SECTIONS,
  sectionLabel,
  noteAmendmentForm,
  noteForm,
  onNoteFields,
  toNoteEntry,
  type NoteAmendmentEntry,
  type NoteEntry,
} from './note-form';
import { useVisitStore } from './visit-store';
import { whenText } from './VitalsReadings';
import { Trans, useTranslation } from 'react-i18next';

/** Ctrl+Enter (⌘+Enter on a Mac) in a note's text saves it. */
function submitOnCtrlEnter(event: KeyboardEvent<HTMLTextAreaElement>) {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    event.currentTarget.form?.requestSubmit();
  }
}

function NoteFields({
  register,
  errors,
  firstRef,
  autoFocus,
}: {
  register: UseFormRegister<NoteEntry>;
  errors: FieldErrors<NoteEntry>;
  firstRef?: Ref<HTMLTextAreaElement> | undefined;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      {NOTE_SECTIONS.map((section, index) => {
        const registration = register(section);
        return (
          <TextAreaField
            key={section}
            label={sectionLabel(section)}
            registration={
              index === 0 && firstRef !== undefined
                ? { ...registration, ref: mergeRefs<HTMLTextAreaElement>(registration.ref, firstRef) }
                : registration
            }
            error={errors[section]?.message}
            rows={2}
            maxLength={4000}
            onKeyDown={submitOnCtrlEnter}
            shortcut="Control+Enter"
            autoFocus={autoFocus === true && index === 0}
          />
        );
      })}
      <SelectField
        label={t('clinical.notesPanel.sensitivityOptional')}
        registration={register('sensitivity')}
        options={sensitivityOptions()}
        placeholder={t('clinical.notesPanel.choose')}
        error={errors.sensitivity?.message}
        className="field-narrow-select"
      />
    </>
  );
}

/**
 * The visit's clinical notes: write one by section (notes.write), amend one
 * (notes.amend, the original kept and shown struck through).
 */
export function NotesPanel({
  visitId,
  notes,
  visitOpen,
  firstFieldRef,
}: {
  visitId: string;
  notes: readonly NoteView[];
  visitOpen: boolean;
  firstFieldRef?: Ref<HTMLTextAreaElement>;
}) {
  const { t } = useTranslation();
  const canWrite = useCan('notes.write');
  return (
    <section className="panel" aria-labelledby="notes-title">
      <h2 id="notes-title">{t('clinical.notesPanel.clinicalNote')}</h2>
      {canWrite && visitOpen && <WriteNoteForm visitId={visitId} firstFieldRef={firstFieldRef} />}
      <NoteList notes={notes} />
    </section>
  );
}

function WriteNoteForm({
  visitId,
  firstFieldRef,
}: {
  visitId: string;
  firstFieldRef?: Ref<HTMLTextAreaElement> | undefined;
}) {
  const { t } = useTranslation();
  const draftKey = `note:${visitId}`;
  const { initial, restored } = useDraftStart<NoteEntry>(draftKey, EMPTY_NOTE);
  const putNote = useVisitStore((store) => store.putNote);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [notice, setNotice] = useState<string | null>(restored ? t('clinical.notesPanel.restored') : null);
  const {
    register,
    control,
    handleSubmit,
    setError,
    reset,
    getValues,
    formState: { errors, isSubmitting },
  } = useForm<NoteEntry>({ resolver: translatedResolver(noteForm), defaultValues: initial });
  useKeepDraft(draftKey, getValues, EMPTY_NOTE);
  const sensitivity = useWatch({ control, name: 'sensitivity' });

  const submit = async (entry: NoteEntry) => {
    setRefusal(null);
    setNotice(null);
    const result = await runCommand(() => clinic().notes.write({ visitId, note: entry }));
    if (!result.ok) {
      setRefusal(refusalOf(onNoteFields(result), setError, NOTE_FIELDS));
      return;
    }
    putNote(result.value);
    dropDraft(draftKey);
    reset(EMPTY_NOTE);
    setNotice(t('clinical.notesPanel.saved', { at: formatClock(result.value.writtenAt) }));
  };

  return (
    <form
      className="stack note-form"
      aria-label={t('clinical.notesPanel.writeANote')}
      noValidate
      onSubmit={(event) => void handleSubmit(submit)(event)}
    >
      <p className="hint">
        <Trans i18nKey="clinical.notesPanel.keys" components={{ kbd: <kbd /> }} />
      </p>
      <NoteFields register={register} errors={errors} firstRef={firstFieldRef} />
      <HiddenAfterSaving category={sensitivity} />
      {errors.root?.message !== undefined && (
        <p className="field-error" role="alert">
          {errors.root.message}
        </p>
      )}
      <Notice message={notice} />
      <RefusalMessage refusal={refusal} />
      <div className="actions">
        <button type="submit" disabled={isSubmitting}>
          {isSubmitting ? t('clinical.notesPanel.saving') : t('clinical.notesPanel.saveNote')}
        </button>
      </div>
    </form>
  );
}

function NoteList({ notes }: { notes: readonly NoteView[] }) {
  const { t } = useTranslation();
  const session = useSignedIn();
  const byId = new Map(notes.map((note) => [note.id, note]));
  if (notes.length === 0) return null;
  return (
    <>
      <h3 className="list-title">{t('clinical.notesPanel.notesThisVisit')}</h3>
      <ol className="record-list" aria-label={t('clinical.notesPanel.notesThisVisit')}>
        {[...notes].reverse().map((note) => (
          <NoteItem
            key={note.id}
            note={note}
            amends={note.supersedesId === null ? null : (byId.get(note.supersedesId) ?? null)}
            byYou={note.writtenBy === session?.user.id}
          />
        ))}
      </ol>
    </>
  );
}

function NoteItem({ note, amends, byYou }: { note: NoteView; amends: NoteView | null; byYou: boolean }) {
  const { t } = useTranslation();
  const canAmend = useCan('notes.amend');
  const [amending, setAmending] = useState(false);
  const superseded = note.supersededBy !== null;
  const tag = sensitivityTag(note.sensitivity);
  const author = byYou ? 'you' : (note.writtenByName ?? 'a former user');
  const sections = NOTE_SECTIONS.filter((section) => (note[section] ?? '') !== '');
  const body = (
    <dl className="note-sections">
      {sections.map((section) => (
        <div key={section}>
          <dt>{sectionLabel(section)}</dt>
          <dd>{note[section]}</dd>
        </div>
      ))}
    </dl>
  );
  return (
    <li
      className={superseded ? 'record record-superseded' : 'record'}
      data-testid="note"
      aria-label={t('clinical.notesPanel.noteOf', {
        writtenAt: whenText(note.writtenAt),
        value: superseded ? t('clinical.notesPanel.amended2') : '',
      })}
    >
      <p className="record-meta">
        {t('clinical.notesPanel.by', { writtenAt: whenText(note.writtenAt), author })}
        {tag !== null && <span className="tag tag-sensitive">{tag}</span>}
        {superseded && <span className="tag tag-muted">{t('clinical.notesPanel.amended')}</span>}
        {amends !== null && (
          <span className="record-reason">
            {t('clinical.notesPanel.amendsTheNote', { writtenAt: formatClock(amends.writtenAt) })}
            {note.amendmentReason !== null && <>: {note.amendmentReason}</>}
          </span>
        )}
      </p>
      {superseded ? <del className="record-body note-struck">{body}</del> : body}
      {!superseded && canAmend && !amending && (
        <button type="button" className="secondary small" onClick={() => setAmending(true)}>
          {t('clinical.notesPanel.amend')}
          <span className="visually-hidden">
            {t('clinical.notesPanel.theNote', { writtenAt: formatClock(note.writtenAt) })}
          </span>
        </button>
      )}
      {amending && <AmendNoteForm note={note} onDone={() => setAmending(false)} />}
    </li>
  );
}

function AmendNoteForm({ note, onDone }: { note: NoteView; onDone(): void }) {
  const { t } = useTranslation();
  const putNote = useVisitStore((store) => store.putNote);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const first = useRef<HTMLTextAreaElement | null>(null);
  const {
    register,
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<NoteAmendmentEntry>({
    resolver: translatedResolver(noteAmendmentForm),
    defaultValues: { ...toNoteEntry(note), reason: '' },
  });
  const sensitivity = useWatch({ control, name: 'sensitivity' });

  const submit = async ({ reason, ...entry }: NoteAmendmentEntry) => {
    setRefusal(null);
    const result = await runCommand(() => clinic().notes.amend({ noteId: note.id, note: entry, reason }));
    if (!result.ok) {
      setRefusal(refusalOf(onNoteFields(result), setError, [...NOTE_FIELDS, 'reason']));
      return;
    }
    putNote(result.value);
    onDone();
  };

  return (
    <form
      className="stack correction-form"
      aria-label={t('clinical.notesPanel.amendTheNote', { writtenAt: formatClock(note.writtenAt) })}
      noValidate
      onSubmit={(event) => void handleSubmit(submit)(event)}
    >
      <p className="hint">{t('clinical.notesPanel.theOriginalNoteStaysIn')}</p>
      <NoteFields
        register={register as unknown as UseFormRegister<NoteEntry>}
        errors={errors}
        firstRef={first}
        autoFocus
      />
      <HiddenAfterSaving category={sensitivity} />
      <TextField
        label={t('clinical.notesPanel.whyIsItAmended')}
        registration={register('reason')}
        error={errors.reason?.message}
        maxLength={300}
        autoComplete="off"
      />
      {errors.root?.message !== undefined && <p className="field-error">{errors.root.message}</p>}
      <RefusalMessage refusal={refusal} />
      <div className="actions">
        <button type="submit" disabled={isSubmitting}>
          {isSubmitting ? t('clinical.notesPanel.saving') : t('clinical.notesPanel.saveAmendment')}
        </button>
        <button type="button" className="secondary" onClick={onDone} disabled={isSubmitting}>
          {t('clinical.notesPanel.cancel')}
        </button>
      </div>
    </form>
  );
}
