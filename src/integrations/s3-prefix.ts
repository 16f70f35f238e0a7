/**
 * The folders of an S3 key prefix before its first `!{...}` expression (Firehose's and MSK Data Delivery's
 * placeholders): what an IAM statement can name ('' when the prefix starts with an expression).
 */
export function staticPrefix(prefix: string): string {
  const at = prefix.indexOf('!{');
  return at < 0 ? prefix : prefix.slice(0, prefix.lastIndexOf('/', at) + 1);
}
