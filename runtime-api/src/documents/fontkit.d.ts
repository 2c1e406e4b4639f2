/** fontkit 2 ships no type declarations; fontkitForPdfLib.ts types the parts it uses. */
declare module 'fontkit';
