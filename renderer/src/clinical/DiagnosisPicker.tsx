import type { Ref } from 'react';
import type { Diagnosis } from '../../../shared/api/reference';
import { clinic } from '../clinic';
import { sensitivityTag } from './clinical-text';
import { SearchPicker } from './SearchPicker';
import { useTranslation } from 'react-i18next';

/** What the picker needs to show a chosen diagnosis: a list entry, or a recorded diagnosis being corrected. */
export type ChosenDiagnosis = Pick<Diagnosis, 'code' | 'label' | 'icd10' | 'sensitivity'>;

interface DiagnosisPickerProps {
  label: string;
  value: ChosenDiagnosis | null;
  onChange(diagnosis: ChosenDiagnosis | null): void;
  error?: string | undefined;
  inputRef?: Ref<HTMLInputElement> | undefined;
  shortcut?: string | undefined;
  autoFocus?: boolean | undefined;
}

/** The list entry as one line: label, ICD-10 codes and, for a sensitive one, its category ("HIV — restricted"). */
export function DiagnosisLabel({ diagnosis }: { diagnosis: ChosenDiagnosis }) {
  const tag = sensitivityTag(diagnosis.sensitivity);
  return (
    <>
      <span className="dx-label">{diagnosis.label}</span>
      {diagnosis.icd10.length > 0 && <span className="dx-icd mono">{diagnosis.icd10.join(', ')}</span>}
      {tag !== null && <span className="tag tag-sensitive">{tag}</span>}
    </>
  );
}

const searchDiagnoses = (query: string) => clinic().reference.searchDiagnoses({ query });

/**
 * Type-ahead over the shipped diagnosis list (reference.searchDiagnoses, a
 * passive read): any words in any order, synonyms and ICD-10 codes.
 */
export function DiagnosisPicker(props: DiagnosisPickerProps) {
  const { t } = useTranslation();
  return (
    <SearchPicker<Diagnosis, ChosenDiagnosis>
      {...props}
      prompt={t('clinical.diagnosisPicker.typeAtLeastTwoLetters')}
      nothingFound={t('clinical.diagnosisPicker.nothingInTheListMatches')}
      search={searchDiagnoses}
      keyOf={(diagnosis) => diagnosis.code}
      renderItem={(diagnosis) => <DiagnosisLabel diagnosis={diagnosis} />}
      renderChosen={(diagnosis) => <DiagnosisLabel diagnosis={diagnosis} />}
      testId="chosen-diagnosis"
    />
  );
}
