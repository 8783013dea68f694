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
