// Stop-word and letter profiles for the Latin-script languages we detect. Hand-written, short
// lists of the most frequent function words plus the letters each orthography uses; a word or
// letter shared by several languages counts for each of them with a proportionally smaller weight.

export type LatinLanguage = 'en' | 'de' | 'fr' | 'es' | 'it' | 'pt' | 'nl' | 'tr' | 'pl' | 'vi' | 'id';

export const STOP_WORDS: Readonly<Record<LatinLanguage, string>> = {
  en: `the and is are was were of to in for with on that this we you it be have has had please our your
    would will can could from at as not an by or i thank thanks regards kind which they there what about
    us me my if do does been any these those should`,
  de: `der die das und ist sind nicht ein eine einen einer zu mit sich auf für von den dem des im auch wir
    sie ich es bitte uns ihr ihre haben hat werden wird können oder aber noch nach bei aus sehr über wie
    unsere unser ihnen gerne vielen dank freundlichen grüßen wäre wären möchten`,
  fr: `le la les de des du un une et est sont pour que qui dans en pas sur nous vous avec ce cette au aux
    par plus ne votre vos nos notre merci je il elle avons avez être été mais ou sera serait pouvez
    cordialement bonjour madame monsieur leur`,
  es: `el la los las de del y que en un una es por para con no se su sus al lo como más pero nosotros
    usted ustedes estamos gracias favor está están muy este esta estos le les hay nuestro nuestra
    saludos podemos quisiera desde`,
  it: `il lo la gli le di del della dei delle e che è un una per con non sono da in si ci al alla come più
    anche ma nostro nostra vostro vostra grazie siamo questo questa nel nella cordiali saluti vorremmo
    potete essere sia`,
  pt: `o a os as de do da dos das e que em um uma é para com não por no na nos nas se mais como mas ao
    nós você vocês obrigado obrigada está estão muito este esta nosso nossa gostaríamos podem seria
    atenciosamente também`,
  nl: `de het een en van is dat op te in voor niet met zijn er aan ook als maar om bij wij we u uw naar
    kunt graag hebben wordt deze dit onze ons hierbij zou zouden bedankt vriendelijke groet alstublieft`,
  tr: `ve bir bu için ile da de çok ne mi daha olarak olan gibi ama var yok sonra kadar biz siz ben
    teşekkür ederiz lütfen şu bize sizin bizim olduğu değil iyi günler saygılarımızla rica ediyoruz`,
  pl: `i w z na się nie do to że jest o jak ale po co tak za od dla czy są przez już może bardzo proszę
    dziękuję państwo oraz jesteśmy naszej nasz nasze pan pani chcielibyśmy będzie pozdrawiam
    uprzejmie`,
  vi: `và của là không có được cho các những một này với chúng tôi bạn người trong đã sẽ rất để khi
    nhưng cũng thì anh chị xin cảm ơn quý công ty chúng hàng giá`,
  id: `yang dan di ke dari ini itu untuk dengan tidak akan ada kami saya anda kita juga sudah bisa atau
    pada dalam karena terima kasih mohon apakah bapak ibu kepada dapat harga kirim`,
};

/** Letters outside a–z that each orthography uses. */
export const LETTERS: Readonly<Record<LatinLanguage, string>> = {
  en: '',
  de: 'äöüß',
  fr: 'éèêàâùûçëïîôœ',
  es: 'ñáéíóú¿¡',
  it: 'àèéìòù',
  pt: 'ãõçáéíóúâêô',
  nl: 'ëï',
  tr: 'ışğçöüİ',
  pl: 'ąęłńśźżóć',
  vi: 'ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ',
  id: '',
};

/**
 * Letter sequences typical of each orthography ("sch", "ção", "ij"): a tiny hand-picked trigram
 * profile that still says something when a short message has no stop word at all.
 */
export const SEQUENCES: Readonly<Record<LatinLanguage, string>> = {
  en: 'th wh ing ght ould ough',
  de: 'sch ung cht tz pf eu ß ich',
  fr: 'eau oi aux ez ée qu ou',
  es: 'ción ll ue ía ado',
  it: 'zion gli cch zz ett ment',
  pt: 'ção ões nh lh ão',
  nl: 'ij oe aa uu ee lijk sch cht',
  tr: 'ler lar yor ız iz ım',
  pl: 'cz sz rz dz ść ów',
  vi: 'ngh ươ uy',
  id: 'kan nya ang ber meng',
};
