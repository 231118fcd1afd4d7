import type { Translation } from '../resources';

export const validation: Translation['validation'] = {
  required: 'Jaza sehemu hii',
  textTooShort: 'Andika angalau herufi {{min}}',
  textTooLong: 'Ndefu mno',
  textAtMost: 'Ndefu mno: si zaidi ya herufi {{max}}',
  chooseAtLeast: 'Chagua angalau {{min}}',
  chooseAtMost: 'Chagua si zaidi ya {{max}}',
  tooSmall: 'Ndogo mno',
  tooBig: 'Kubwa mno',
  atLeast: 'Weka angalau {{min}}',
  atMost: 'Weka si zaidi ya {{max}}',
  format: 'Muundo wake si sahihi',
  choose: 'Chagua mojawapo ya machaguo',
};
