// Drives the emulator with the AWS SDK for JavaScript v3: one RegisterMailDomain per case.
// Usage: node register.mjs ENDPOINT CASES_JSON  where CASES_JSON is [{"OrganizationId": ..., "DomainName": ...}]
// Credentials come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.
// Prints one JSON array: per case {ok, status} or {ok: false, name, modeled, status, message}, where
// `modeled` says whether the error is an instance of the SDK's exported class of that name.
import * as workmail from "@aws-sdk/client-workmail";

const [endpoint, casesJson] = process.argv.slice(2);
const client = new workmail.WorkMailClient({
  endpoint,
  region: "us-east-1",
  credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY },
  maxAttempts: 1,
});

const results = [];
for (const input of JSON.parse(casesJson)) {
  try {
    const output = await client.send(new workmail.RegisterMailDomainCommand(input));
    results.push({ ok: true, status: output.$metadata.httpStatusCode });
  } catch (error) {
    const modeledClass = workmail[error.name];
    results.push({
      ok: false,
      name: error.name,
      modeled: typeof modeledClass === "function" && error instanceof modeledClass,
      status: error.$metadata?.httpStatusCode,
      message: error.message,
    });
  }
}
console.log(JSON.stringify(results));
