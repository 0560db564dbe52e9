// Node 18+: Cisco's CreateMeeting sample, unchanged, sent to the mock. From the repository root:
//   node docs/examples/create-meeting.mjs [URL]
import { readFileSync } from "node:fs";

const url = process.argv[2] ?? "http://127.0.0.1:8800/ns/my-test-42/WBXService/XMLService";
const xml = readFileSync("tests/samples/seed-createmeeting-request.xml");
const res = await fetch(url, { method: "POST", body: xml, headers: { "Content-Type": "text/xml" } });
const answer = await res.text();
console.log(answer); // <serv:result>SUCCESS</serv:result> … <meet:meetingkey>…
process.exitCode = answer.includes("<serv:result>SUCCESS</serv:result>") ? 0 : 1;
