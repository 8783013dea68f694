import { describe, expect, it } from 'vitest';
import { detectLanguage, type LanguageCode } from './detect-language.ts';

// Real sentences: inquiries, replies and everyday prose, written for this test, not taken from the
// stop-word lists. Each is classified on its own.
const SAMPLES: Readonly<Record<LanguageCode, readonly string[]>> = {
  zh: [
    '您好，我们是一家位于德国的贸易公司，想了解贵司不锈钢球阀的价格和交货期。',
    '请问最小起订量是多少？能否提供样品？',
    '附件是我们的采购订单，请确认后安排生产，谢谢！',
  ],
  ja: [
    'お世話になっております。御社のバルブについて見積もりをお願いしたいです。',
    '納期はどのくらいかかりますか？サンプルを送っていただけますか。',
    '添付の注文書をご確認の上、ご返信いただけますと幸いです。',
  ],
  ko: [
    '안녕하세요, 귀사의 스테인리스 볼 밸브에 대한 견적을 요청드립니다.',
    '최소 주문 수량과 납기일을 알려주시면 감사하겠습니다.',
    '첨부된 발주서를 확인하시고 회신 부탁드립니다.',
  ],
  ru: [
    'Здравствуйте! Мы хотели бы получить коммерческое предложение на шаровые краны.',
    'Подскажите, пожалуйста, сроки поставки и минимальную партию.',
    'Во вложении наш заказ, просим подтвердить получение.',
  ],
  ar: [
    'مرحبا، نود الحصول على عرض أسعار للصمامات الكروية من الفولاذ المقاوم للصدأ.',
    'ما هو الحد الأدنى لكمية الطلب ومدة التسليم؟',
    'مرفق أمر الشراء الخاص بنا، يرجى التأكيد.',
  ],
  th: [
    'สวัสดีครับ เราต้องการใบเสนอราคาสำหรับวาล์วสแตนเลส',
    'กรุณาแจ้งระยะเวลาการจัดส่งและจำนวนสั่งซื้อขั้นต่ำ',
    'แนบใบสั่งซื้อมาด้วย กรุณายืนยันการรับด้วยครับ',
  ],
  el: [
    'Καλησπέρα σας, θα θέλαμε μια προσφορά για σφαιρικές βαλβίδες.',
    'Ποιος είναι ο χρόνος παράδοσης και η ελάχιστη ποσότητα παραγγελίας;',
    'Σας επισυνάπτουμε την παραγγελία μας για επιβεβαίωση.',
  ],
  he: [
    'שלום, נשמח לקבל הצעת מחיר עבור שסתומים כדוריים מנירוסטה.',
    'מה זמן האספקה וכמות ההזמנה המינימלית?',
    'מצורפת הזמנת הרכש שלנו, נא לאשר את קבלתה.',
  ],
  en: [
    'We are interested in your stainless steel ball valves and would like to receive a quotation.',
    'Could you please let us know the lead time and the minimum order quantity?',
    'The weather was lovely yesterday, so we took the children to the beach for the afternoon.',
  ],
  de: [
    'Wir interessieren uns für Ihre Kugelhähne aus Edelstahl und bitten um ein Angebot.',
    'Könnten Sie uns bitte die Lieferzeit und die Mindestbestellmenge mitteilen?',
    'Gestern war das Wetter so schön, dass wir mit den Kindern an den See gefahren sind.',
  ],
  fr: [
    'Nous sommes intéressés par vos vannes à boisseau sphérique et souhaiterions recevoir un devis.',
    'Pourriez-vous nous indiquer le délai de livraison et la quantité minimale de commande ?',
    'Hier, il faisait si beau que nous sommes allés à la plage avec les enfants.',
  ],
  es: [
    'Estamos interesados en sus válvulas de bola de acero inoxidable y nos gustaría recibir una cotización.',
    '¿Podrían indicarnos el plazo de entrega y la cantidad mínima de pedido?',
    'Ayer hizo tan buen tiempo que fuimos a la playa con los niños.',
  ],
  it: [
    'Siamo interessati alle vostre valvole a sfera in acciaio inox e vorremmo ricevere un preventivo.',
    "Potreste indicarci i tempi di consegna e la quantità minima d'ordine?",
    'Ieri faceva così bel tempo che siamo andati al mare con i bambini.',
  ],
  pt: [
    'Estamos interessados nas suas válvulas de esfera de aço inoxidável e gostaríamos de receber um orçamento.',
    'Poderiam nos informar o prazo de entrega e a quantidade mínima do pedido?',
    'Ontem o tempo estava tão bom que fomos à praia com as crianças.',
  ],
  nl: [
    'Wij zijn geïnteresseerd in uw roestvrijstalen kogelkranen en ontvangen graag een offerte.',
    'Kunt u ons de levertijd en de minimale bestelhoeveelheid laten weten?',
    'Gisteren was het zulk mooi weer dat we met de kinderen naar het strand zijn gegaan.',
  ],
  tr: [
    'Paslanmaz çelik küresel vanalarınızla ilgileniyoruz ve fiyat teklifi almak istiyoruz.',
    'Teslim süresini ve minimum sipariş miktarını bize bildirebilir misiniz?',
    'Dün hava o kadar güzeldi ki çocuklarla birlikte sahile gittik.',
  ],
  pl: [
    'Jesteśmy zainteresowani Państwa zaworami kulowymi ze stali nierdzewnej i prosimy o ofertę.',
    'Czy mogliby Państwo podać czas dostawy oraz minimalną ilość zamówienia?',
    'Wczoraj była tak piękna pogoda, że pojechaliśmy z dziećmi nad morze.',
  ],
  vi: [
    'Chúng tôi quan tâm đến van bi inox của quý công ty và muốn nhận báo giá.',
    'Xin vui lòng cho biết thời gian giao hàng và số lượng đặt hàng tối thiểu.',
    'Hôm qua trời đẹp quá nên chúng tôi đưa các con đi biển.',
  ],
  id: [
    'Kami tertarik dengan katup bola stainless steel dari perusahaan Anda dan ingin menerima penawaran harga.',
    'Mohon informasikan waktu pengiriman dan jumlah pesanan minimum.',
    'Kemarin cuacanya sangat cerah sehingga kami pergi ke pantai bersama anak-anak.',
  ],
};

// Terse business snippets in the Latin-script languages, where stop words are scarce: the hard
// case. Kept as a measured figure rather than a promise of perfection.
const TERSE: Readonly<Partial<Record<LanguageCode, readonly string[]>>> = {
  en: [
    'Pls quote 500 pcs DN50 PN16, FOB Ningbo.',
    'Thanks, received. Will revert tomorrow.',
    'Any update on the samples?',
    'Kindly find attached our PO no. 4711 for your confirmation.',
    'Hi Li, the container left Shanghai on Monday, ETA Hamburg 14 Dec.',
  ],
  de: [
    'Bitte um Angebot für 500 Stk. DN50 PN16.',
    'Danke, erhalten. Melde mich morgen.',
    'Gibt es schon Neuigkeiten zu den Mustern?',
    'Anbei unsere Bestellung Nr. 4711 zur Bestätigung.',
    'Hallo Herr Li, der Container hat Shanghai am Montag verlassen.',
  ],
  fr: [
    'Merci de nous coter 500 pièces DN50 PN16.',
    'Bien reçu, merci. Je reviens vers vous demain.',
    'Avez-vous des nouvelles des échantillons ?',
    'Veuillez trouver ci-joint notre commande n° 4711.',
    'Bonjour, le conteneur a quitté Shanghai lundi.',
  ],
  es: [
    'Por favor cotizar 500 unidades DN50 PN16.',
    'Recibido, gracias. Le respondo mañana.',
    '¿Hay novedades sobre las muestras?',
    'Adjunto nuestra orden de compra n.º 4711 para su confirmación.',
    'Hola, el contenedor salió de Shanghái el lunes.',
  ],
  it: [
    'Vi preghiamo di quotare 500 pezzi DN50 PN16.',
    'Ricevuto, grazie. Vi rispondo domani.',
    'Ci sono novità sui campioni?',
    'In allegato il nostro ordine n. 4711 per conferma.',
    'Buongiorno, il container è partito da Shanghai lunedì.',
  ],
  pt: [
    'Favor cotar 500 peças DN50 PN16.',
    'Recebido, obrigado. Respondo amanhã.',
    'Alguma novidade sobre as amostras?',
    'Segue em anexo o nosso pedido nº 4711 para confirmação.',
    'Olá, o contêiner saiu de Xangai na segunda-feira.',
  ],
  nl: [
    'Graag een offerte voor 500 stuks DN50 PN16.',
    'Ontvangen, bedankt. Ik kom er morgen op terug.',
    'Is er al nieuws over de monsters?',
    'Bijgaand onze bestelling nr. 4711 ter bevestiging.',
    'Hallo, de container is maandag uit Shanghai vertrokken.',
  ],
  tr: [
    'Lütfen 500 adet DN50 PN16 için fiyat verin.',
    'Aldık, teşekkürler. Yarın dönüş yapacağım.',
    'Numuneler hakkında bir gelişme var mı?',
    'Onayınız için 4711 numaralı siparişimiz ektedir.',
    'Merhaba, konteyner pazartesi günü Şanghay’dan çıktı.',
  ],
  pl: [
    'Proszę o wycenę 500 szt. DN50 PN16.',
    'Otrzymałem, dziękuję. Odpowiem jutro.',
    'Czy są jakieś nowości w sprawie próbek?',
    'W załączeniu nasze zamówienie nr 4711 do potwierdzenia.',
    'Dzień dobry, kontener wypłynął z Szanghaju w poniedziałek.',
  ],
  vi: [
    'Vui lòng báo giá 500 cái DN50 PN16.',
    'Đã nhận, cảm ơn. Mai tôi sẽ trả lời.',
    'Có tin gì mới về hàng mẫu không?',
    'Đính kèm đơn đặt hàng số 4711 để anh xác nhận.',
    'Chào anh, container đã rời Thượng Hải hôm thứ Hai.',
  ],
  id: [
    'Mohon penawaran untuk 500 pcs DN50 PN16.',
    'Sudah diterima, terima kasih. Besok saya kabari.',
    'Ada kabar terbaru tentang sampelnya?',
    'Terlampir PO kami no. 4711 untuk dikonfirmasi.',
    'Halo, kontainer sudah berangkat dari Shanghai hari Senin.',
  ],
};

describe('detectLanguage', () => {
  const rows = Object.entries(SAMPLES).flatMap(([expected, sentences]) =>
    sentences.map((sentence) => ({ expected, sentence, got: detectLanguage(sentence).language })),
  );

  it('classifies real sentences in every supported language', () => {
    const wrong = rows.filter((row) => row.got !== row.expected);
    const accuracy = (rows.length - wrong.length) / rows.length;
    console.info(
      `language detection: ${rows.length - wrong.length}/${rows.length} correct (${(accuracy * 100).toFixed(1)}%)` +
        wrong.map((row) => `\n  expected ${row.expected}, got ${row.got}: ${row.sentence}`).join(''),
    );
    expect(wrong).toEqual([]);
  });

  it('classifies terse business snippets at least 85% right, and never claims a script it did not see', () => {
    const terse = Object.entries(TERSE).flatMap(([expected, snippets]) =>
      snippets.map((snippet) => ({ expected, snippet, got: detectLanguage(snippet).language })),
    );
    const right = terse.filter((row) => row.got === row.expected).length;
    console.info(
      `terse snippets: ${right}/${terse.length} correct (${((right / terse.length) * 100).toFixed(1)}%)` +
        terse
          .filter((row) => row.got !== row.expected)
          .map((row) => `\n  expected ${row.expected}, got ${row.got}: ${row.snippet}`)
          .join(''),
    );
    expect(right / terse.length).toBeGreaterThanOrEqual(0.85);
    const latin = new Set(['und', 'en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'tr', 'pl', 'vi', 'id']);
    expect(terse.filter((row) => !latin.has(row.got))).toEqual([]);
  });

  it('reads a Chinese inquiry with English product codes as Chinese', () => {
    expect(detectLanguage('您好，我们需要 DN50 PN16 ball valve 的报价，数量 500 pcs。').language).toBe('zh');
  });

  it('reads an English mail with a Chinese signature as English', () => {
    const mail =
      'Dear Anna, please find the revised drawing attached and confirm the order. Best regards, 李伟';
    expect(detectLanguage(mail).language).toBe('en');
  });

  it('gives up on text that is too short or has no words', () => {
    for (const text of ['', '12345', 'PO-4711', '?', 'OK'])
      expect(detectLanguage(text).language, text).toBe('und');
  });
});
