import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode, type Ref } from 'react';
import type { CommandResult } from '../../../shared/api/errors';
import { callSafely } from '../commands/call-safely';
import { useIdentityStore } from '../identity/identity-store';
import { FieldError } from '../ui/form';
import { mergeRefs } from './clinical-ui';
import { useTranslation } from 'react-i18next';

/** Typing pauses this long before the list is searched. */
export const SEARCH_DEBOUNCE_MS = 250;
const MIN_QUERY = 2;

export interface SearchPickerProps<T, C> {
  label: string;
  /** What the search box is for, said under it before anything is typed. */
  prompt: string;
  /** Said when nothing matches. */
  nothingFound: string;
  /** A passive reference read (each keystroke must not count as activity, nor fill the audit trail). */
  search(query: string): Promise<CommandResult<readonly T[]>>;
  keyOf(item: T): string;
  renderItem(item: T): ReactNode;
  value: C | null;
  renderChosen(chosen: C): ReactNode;
  onChange(item: T | null): void;
  error?: string | undefined;
  inputRef?: Ref<HTMLInputElement> | undefined;
  /** Shown beside the label and announced, e.g. "Alt+D". */
  shortcut?: string | undefined;
  autoFocus?: boolean | undefined;
  testId?: string;
}

/**
 * Type-ahead over a reference list, as an ARIA combobox: ↑ ↓ move through
 * the matches, Enter chooses, Escape closes the list (or clears the search).
 * Once chosen, the choice stands in place of the box with a "Change" button.
 */
export function SearchPicker<T, C>({
  label,
  prompt,
  nothingFound,
  search,
  keyOf,
  renderItem,
  value,
  renderChosen,
  onChange,
  error,
  inputRef,
  shortcut,
  autoFocus,
  testId,
}: SearchPickerProps<T, C>) {
  const { t } = useTranslation();
  const id = useId();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<readonly T[] | null>(null);
  const [searchedFor, setSearchedFor] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [expanded, setExpanded] = useState(false);
  const [active, setActive] = useState(-1);
  const latest = useRef(0);
  const searchRef = useRef(search);
  const changeButton = useRef<HTMLButtonElement>(null);
  const ownInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    searchRef.current = search;
  }, [search]);

  const trimmed = query.trim();
  useEffect(() => {
    if (trimmed.length < MIN_QUERY) return;
    const ticket = ++latest.current;
    const timer = window.setTimeout(() => {
      void callSafely(() => searchRef.current(trimmed)).then((result) => {
        if (ticket !== latest.current) return;
        setSearchedFor(trimmed);
        if (result.ok) {
          setResults(result.value);
          setProblem(null);
          setActive(result.value.length > 0 ? 0 : -1);
        } else {
          setResults(null);
          setProblem(result.message);
          // Refused because the session was locked or ended: show that screen now.
          void useIdentityStore.getState().refreshSession();
        }
      });
    }, SEARCH_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [trimmed]);

  const shown = trimmed.length >= MIN_QUERY && searchedFor === trimmed ? results : null;
  const listOpen = expanded && shown !== null && shown.length > 0;
  const optionId = (index: number) => `${id}-option-${index}`;

  const choose = (item: T) => {
    onChange(item);
    setExpanded(false);
    setQuery('');
    setResults(null);
    // Focus goes to "Change", which now stands where the search box was.
    window.setTimeout(() => changeButton.current?.focus(), 0);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const count = shown?.length ?? 0;
    if (event.key === 'ArrowDown' && count > 0) {
      event.preventDefault();
      setExpanded(true);
      setActive((index) => (index + 1) % count);
    } else if (event.key === 'ArrowUp' && count > 0) {
      event.preventDefault();
      setExpanded(true);
      setActive((index) => (index <= 0 ? count - 1 : index - 1));
    } else if (event.key === 'Enter') {
      // Enter chooses; it never submits the form with a half-typed search.
      event.preventDefault();
      const item = listOpen ? shown[active] : undefined;
      if (item !== undefined) choose(item);
    } else if (event.key === 'Escape') {
      if (listOpen) {
        event.preventDefault();
        setExpanded(false);
      } else if (query !== '') {
        event.preventDefault();
        setQuery('');
      }
    }
  };

  if (value !== null) {
    return (
      <div className="field picker">
        <span className="field-label" id={`${id}-label`}>
          {label}
        </span>
        <div className="picker-chosen" aria-labelledby={`${id}-label`} role="group" data-testid={testId}>
          {renderChosen(value)}
          <button
            ref={changeButton}
            type="button"
            className="quiet"
            onClick={() => {
              onChange(null);
              window.setTimeout(() => ownInput.current?.focus(), 0);
            }}
          >
            {t('clinical.searchPicker.change')}
          </button>
        </div>
        <FieldError id={`${id}-error`} message={error} />
      </div>
    );
  }

  const status =
    trimmed.length < MIN_QUERY
      ? prompt
      : problem !== null
        ? problem
        : shown === null
          ? t('clinical.searchPicker.searching')
          : shown.length === 0
            ? nothingFound
            : t('clinical.searchPicker.found', { count: shown.length });

  return (
    <div className="field picker">
      <label htmlFor={`${id}-input`}>
        {label}
        {shortcut !== undefined && <span className="shortcut-label"> ({shortcut})</span>}
      </label>
      <div className="combobox">
        <input
          ref={mergeRefs(ownInput, inputRef)}
          id={`${id}-input`}
          type="text"
          role="combobox"
          autoComplete="off"
          spellCheck={false}
          autoFocus={autoFocus}
          aria-keyshortcuts={shortcut}
          aria-autocomplete="list"
          aria-expanded={listOpen}
          aria-controls={`${id}-list`}
          aria-activedescendant={listOpen && active >= 0 ? optionId(active) : undefined}
          aria-describedby={`${id}-status${error === undefined ? '' : ` ${id}-error`}`}
          aria-invalid={error !== undefined}
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setExpanded(true);
          }}
          onKeyDown={onKeyDown}
          onFocus={() => setExpanded(true)}
          onBlur={() => setExpanded(false)}
        />
        <ul
          id={`${id}-list`}
          role="listbox"
          aria-label={t('clinical.searchPicker.matches', { label })}
          className="combobox-list"
          hidden={!listOpen}
        >
          {listOpen &&
            shown.map((item, index) => (
              <li
                key={keyOf(item)}
                id={optionId(index)}
                role="option"
                aria-selected={index === active}
                className={index === active ? 'combobox-option active' : 'combobox-option'}
                // Keep focus in the input; the click below chooses.
                onMouseDown={(event) => event.preventDefault()}
                onMouseEnter={() => setActive(index)}
                onClick={() => choose(item)}
              >
                {renderItem(item)}
              </li>
            ))}
        </ul>
      </div>
      <p className="hint" id={`${id}-status`} aria-live="polite">
        {status}
      </p>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
