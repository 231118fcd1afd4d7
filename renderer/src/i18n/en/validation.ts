export const validation = {
  required: 'Fill this in',
  textTooShort: 'Enter at least {{min}} characters',
  textTooLong: 'Too long',
  textAtMost: 'Too long: at most {{max}} characters',
  chooseAtLeast: 'Choose at least {{min}}',
  chooseAtMost: 'Choose at most {{max}}',
  tooSmall: 'Too small',
  tooBig: 'Too large',
  atLeast: 'Enter at least {{min}}',
  atMost: 'Enter at most {{max}}',
  format: 'Not in the expected form',
  choose: 'Choose one of the options',
} as const;
